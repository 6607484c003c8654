/**
 * `${VAR}` and `${VAR:-default}` in configuration values, taken from the
 * environment. Substitution runs on the parsed YAML values (never on the raw
 * text), so an environment value cannot inject YAML structure and every
 * problem can name the key it sits under. `$${` writes a literal `${`.
 */

/** One problem found while substituting; `pointer` is the JSON pointer of the value. */
export interface SubstitutionProblem {
  readonly pointer: string;
  readonly reason: string;
  readonly variable?: string;
}

export interface SubstitutionResult {
  readonly value: unknown;
  /** Pointers of values that were exactly one `${...}` expression (candidates for number/boolean conversion). */
  readonly whole: ReadonlySet<string>;
  readonly problems: ReadonlyArray<SubstitutionProblem>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Returns a copy of `value` with every string substituted; the input is not modified. */
export function substituteEnv(value: unknown, env: Environment): SubstitutionResult {
  const whole = new Set<string>();
  const problems: SubstitutionProblem[] = [];

  const walk = (node: unknown, pointer: string): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      const expanded = expand(node, env, pointer, problems);
      if (expanded.whole) whole.add(pointer);
      return expanded.text;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${pointer}/${i}`));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, `${pointer}/${pointerSegment(key)}`);
      return out;
    }
    return node;
  };

  return { value: walk(value, ''), whole, problems };
}

function expand(text: string, env: Environment, pointer: string, problems: SubstitutionProblem[]): { text: string; whole: boolean } {
  let out = '';
  let i = 0;
  let expressions = 0;
  let literal = false;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      out += '${';
      literal = true;
      i = dollar + 3;
      continue;
    }
    if (text[dollar + 1] !== '{') {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      problems.push({ pointer, reason: `unterminated "\${" (write "$\${" for a literal "\${")` });
      return { text, whole: false };
    }
    const body = text.slice(dollar + 2, close);
    const sep = body.indexOf(':-');
    const name = sep === -1 ? body : body.slice(0, sep);
    if (!NAME.test(name)) {
      problems.push({ pointer, reason: `"\${${body}}" is not a variable reference (names are letters, digits and _)` });
      return { text, whole: false };
    }
    const fromEnv = env[name];
    // As in POSIX shells and Compose: the default also covers a variable set to ''.
    if (fromEnv !== undefined && (fromEnv !== '' || sep === -1)) out += fromEnv;
    else if (sep !== -1) out += body.slice(sep + 2);
    else {
      problems.push({ pointer, reason: `environment variable ${name} is not set (use \${${name}:-default} for a fallback)`, variable: name });
      return { text, whole: false };
    }
    expressions++;
    i = close + 1;
    if (dollar === 0 && i === text.length && expressions === 1 && !literal) return { text: out, whole: true };
  }
  return { text: out, whole: false };
}
