/**
 * Emits a message's record builders: the optional second argument of
 * `defineMessage`, one arrow function per entry of the spec's `structures`
 * that builds that shape's object with an object literal:
 *
 *   {
 *     records: [
 *       (field) => ({ street: field(0), city: field(1), country: field(2) }),
 *     ],
 *   }
 *
 * The msgpack decoder calls `field(i)` to read the i-th value, so a record is
 * built with its final hidden class at once instead of key by key (see
 * runtime/codec/record-builders.ts, which checks each builder once at import
 * time and ignores any that would build something else). Needs no import:
 * `field`'s type comes from `defineMessage`'s signature.
 */
import { quote } from './ts-literal.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INLINE_WIDTH = 100;

/**
 * The key as the decoder names it: `__proto__` arrives as `__proto_` (every
 * typewire msgpack decoder renames it), and a literal `__proto__:` key would
 * set the prototype instead of a property.
 */
function decodedKey(key: string): string {
  return key === '__proto__' ? '__proto_' : key;
}

function keySource(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

function builderSource(keys: ReadonlyArray<string>, indent: string): string {
  const fields = keys.map((key, index) => `${keySource(decodedKey(key))}: field(${index})`);
  if (fields.length === 0) return '() => ({})';
  const oneLine = `(field) => ({ ${fields.join(', ')} })`;
  if (indent.length + oneLine.length + 1 <= INLINE_WIDTH) return oneLine;
  const inner = `${indent}  `;
  return `(field) => ({\n${fields.map((field) => `${inner}${field},\n`).join('')}${indent}})`;
}

/**
 * The `{ records: [...] }` argument for a message with these `structures`
 * (exactly the list passed in the spec, in the same order), printed for a
 * position at `indent`, in ts-literal.ts's style.
 */
export function recordBuildersSource(structures: ReadonlyArray<ReadonlyArray<string>>, indent = ''): string {
  const inner = `${indent}  `;
  const items = `${inner}  `;
  if (structures.length === 0) return `{\n${inner}records: [],\n${indent}}`;
  const builders = structures.map((keys) => `${items}${builderSource(keys, items)},\n`).join('');
  return `{\n${inner}records: [\n${builders}${inner}],\n${indent}}`;
}
