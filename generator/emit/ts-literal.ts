/**
 * Writes plain data as TypeScript source, always the same way: single quotes,
 * two-space indent, trailing commas, one property per line. Emitters build a
 * `Literal` and print it, so no emitter concatenates quotes by hand.
 */
import { propertyKey } from '../naming/names.js';

/** A reference to a name in scope (an imported descriptor), printed as is. */
export interface Identifier {
  readonly identifier: string;
}

export type Literal =
  | string
  | number
  | boolean
  | null
  | Identifier
  | ReadonlyArray<Literal>
  | { readonly [key: string]: Literal | undefined };

export function identifier(name: string): Identifier {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return { identifier: name };
}

function isIdentifier(value: object): value is Identifier {
  return Object.keys(value).length === 1 && typeof (value as { identifier?: unknown }).identifier === 'string';
}

/** A string as a single-quoted TypeScript string literal. */
export function quote(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

const INLINE_WIDTH = 100;

/**
 * Prints a literal. `indent` is the indentation of the line the literal starts
 * on; nested lines are indented two more. Arrays of scalars stay on one line
 * when short; objects are always one property per line (diffs stay small).
 * Properties whose value is `undefined` are left out.
 */
export function printLiteral(value: Literal, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot print ${value}`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = (value as ReadonlyArray<Literal>).map((item) => printLiteral(item, inner));
    if (items.length === 0) return '[]';
    const oneLine = `[${items.join(', ')}]`;
    if (!oneLine.includes('\n') && indent.length + oneLine.length <= INLINE_WIDTH) return oneLine;
    return `[\n${items.map((item) => `${inner}${item},\n`).join('')}${indent}]`;
  }
  const object = value as { readonly [key: string]: Literal | undefined };
  if (isIdentifier(object)) return (object as Identifier).identifier;
  const entries = Object.entries(object).filter((entry): entry is [string, Literal] => entry[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${printLiteral(item, inner)},\n`).join('')}${indent}}`;
}

/** Text for a `/** ... *\/` doc comment: `*\/` cannot end the comment early. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').trim();
}

/** A JSDoc block at `indent`, one ` * ` line per text line; '' when there is nothing to say. */
export function docComment(lines: ReadonlyArray<string>, indent = ''): string {
  const body = lines.flatMap((line) => docText(line).split('\n'));
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => (line === '' ? `${indent} *\n` : `${indent} * ${line}\n`)).join('')}${indent} */\n`;
}
