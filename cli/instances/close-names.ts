/**
 * "Did you mean" suggestions for a mistyped message type name: names within a
 * small edit distance (case ignored), or that contain / are contained in what
 * was typed (`Order` → `PlaceOrderRequest`, `GetOrderRequest`).
 */
import { editDistance } from '../../generator/resolve/suggest.js';

/** Up to `limit` known names closest to `wanted`, best first; empty when nothing is close. */
export function closeNames(wanted: string, known: ReadonlyArray<string>, limit = 5): string[] {
  const target = wanted.toLowerCase();
  const threshold = Math.max(2, Math.floor(target.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of known) {
    const candidate = name.toLowerCase();
    const distance = editDistance(target, candidate);
    const contains = target.length >= 3 && (candidate.includes(target) || target.includes(candidate));
    if (distance <= threshold) scored.push({ name, score: distance });
    else if (contains) scored.push({ name, score: threshold + Math.abs(candidate.length - target.length) });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
