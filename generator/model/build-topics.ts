/**
 * The topic matcher used to check subscriptions at build time: `*` matches
 * exactly one segment, `#` zero or more. Kept local and tiny on purpose: the
 * generator must not depend on the runtime's router.
 */

export function topicMatches(pattern: string, topic: string): boolean {
  return matchSegments(pattern.split('.'), 0, topic.split('.'), 0);
}

function matchSegments(pattern: ReadonlyArray<string>, p: number, topic: ReadonlyArray<string>, t: number): boolean {
  if (p === pattern.length) return t === topic.length;
  const segment = pattern[p];
  if (segment === '#') {
    for (let skip = t; skip <= topic.length; skip++) if (matchSegments(pattern, p + 1, topic, skip)) return true;
    return false;
  }
  if (t === topic.length) return false;
  return (segment === '*' || segment === topic[t]) && matchSegments(pattern, p + 1, topic, t + 1);
}
