/**
 * Environment variables are strings, but `port: ${PORT}` should give a
 * number. A value that was exactly one `${...}` expression is converted when
 * the schema wants a number, integer or boolean there and the text is a clean
 * literal of that type. Only substituted values are touched: `port: "7420"`
 * written in the file stays a string and is reported as one.
 */
import type { SubstitutionProblem } from './substitute-env.js';

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Converts, in place, the values at `pointers` inside `root` (a fresh copy made by substitution). */
export function coerceSubstituted(root: unknown, pointers: ReadonlySet<string>, schema: object): SubstitutionProblem[] {
  const problems: SubstitutionProblem[] = [];
  for (const pointer of pointers) {
    const segments = pointer.split('/').slice(1).map(unescapeSegment);
    const target = schemaAt(schema as SchemaNode, segments);
    if (target?.type === undefined || target.type === 'string') continue;
    const parent = valueAt(root, segments.slice(0, -1));
    const key = segments[segments.length - 1];
    if (key === undefined || parent === null || typeof parent !== 'object') continue;
    const container = parent as Record<string, unknown>;
    const text = container[key];
    if (typeof text !== 'string') continue;
    const converted = convert(text, target.type);
    if (converted === undefined) {
      problems.push({ pointer, reason: `must be ${target.type === 'boolean' ? 'true or false' : `a${target.type === 'integer' ? 'n' : ''} ${target.type}`}, got "${text}" from the environment` });
    } else {
      container[key] = converted;
    }
  }
  return problems;
}

function convert(text: string, type: string): number | boolean | undefined {
  const trimmed = text.trim();
  if (type === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : undefined;
  if ((type === 'number' || type === 'integer') && NUMBER.test(trimmed)) {
    const n = Number(trimmed);
    return type === 'integer' && !Number.isSafeInteger(n) ? undefined : n;
  }
  return undefined;
}

function schemaAt(schema: SchemaNode, segments: ReadonlyArray<string>): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const segment of segments) {
    if (node === undefined) return undefined;
    node = node.type === 'array' ? node.items : node.properties?.[segment];
  }
  return node;
}

function valueAt(root: unknown, segments: ReadonlyArray<string>): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
