/**
 * The readable codec: UTF-8 JSON. JSON has no 64-bit integers and no bytes,
 * so the schema's special paths carry them: an int64 travels as a decimal
 * string, bytes as standard base64, and both are restored on decode. A
 * message without special paths is plain JSON.stringify/JSON.parse.
 * Invalid UTF-8 is a decode error, never silently replaced.
 *
 * Choices, for values the schema did not declare:
 * - a bigint outside an int64 path fails with SERIALIZATION_ENCODE_FAILED
 *   naming its path (silently writing a string would hand the receiver a
 *   value of the wrong type);
 * - a Uint8Array outside a bytes path is written as JSON.stringify writes it
 *   (an object of indexes); detecting it would cost a walk of every message,
 *   and the receiver's validator rejects it.
 * - NaN and ±Infinity become null and -0 becomes 0, as in JSON.stringify.
 * - A `__proto__` key stays an own data property (JSON.parse semantics); it
 *   never changes a prototype.
 */
import type { MessageSpec } from '../descriptors.js';
import { typewireError } from '../errors/typewire-error.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import type { Codec } from './codec.js';
import { decodeError, encodeError, type CodecErrorContext } from './codec-errors.js';
import { checkSize, type DecodeLimits } from './limits.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';
import { compileSpecialPaths, formatPath, mapCopy, mapInPlace, type SpecialKind, type WalkPath } from './special-paths.js';


// Up to 20 digits covers the whole int64 and uint64 ranges; the validator
// checks the exact range. The bound keeps BigInt() from parsing huge strings.
const INT64_TEXT = /^-?\d{1,20}$/;

function toJsonLeaf(kind: SpecialKind, value: unknown): unknown {
  if (kind === 'int64') return typeof value === 'bigint' ? value.toString() : value;
  return value instanceof Uint8Array ? bytesToBase64(value) : value;
}

function fromJsonLeaf(kind: SpecialKind, value: unknown, path: WalkPath): unknown {
  if (kind === 'int64') {
    if (typeof value === 'string') {
      if (!INT64_TEXT.test(value)) throw badLeaf(path, 'an int64 as a decimal string', value);
      return BigInt(value);
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      // Plain-JSON peers send small integers as numbers; beyond 2^53 they have already lost digits.
      if (!Number.isSafeInteger(value)) throw badLeaf(path, 'an int64 as a decimal string (this number lost precision)', value);
      return BigInt(value);
    }
    return value; // null, a fraction, an object: the validator reports it against the schema
  }
  if (typeof value !== 'string') return value;
  const bytes = base64ToBytes(value);
  if (bytes === undefined) throw badLeaf(path, 'bytes as standard base64', value);
  return bytes;
}

function badLeaf(path: WalkPath, expected: string, value: unknown): Error {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
  return new Error(`${formatPath(path)}: expected ${expected}, got ${shown}`);
}

/** Finds where a bigint sits, to name it in the error. Only runs after an encode already failed. */
function findBigInt(value: unknown, path: WalkPath, seen: Set<object>): WalkPath | undefined {
  if (typeof value === 'bigint') return path;
  if (typeof value !== 'object' || value === null || seen.has(value) || path.length > 256) return undefined;
  seen.add(value);
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const found = findBigInt(item, [...path, key], seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function createJsonCodec<T>(spec: Pick<MessageSpec, 'name' | 'special'>): Codec<T> {
  const trie = compileSpecialPaths(spec.special);
  const context: CodecErrorContext = { codec: 'json', type: spec.name };

  function stringify(value: T): string {
    let prepared: unknown = value;
    try {
      if (trie !== undefined) prepared = mapCopy(value, trie, toJsonLeaf);
      const text: string | undefined = JSON.stringify(prepared);
      if (text === undefined) throw new Error(`JSON has no representation for ${typeof value}`);
      return text;
    } catch (error) {
      // Declared int64 leaves are strings by now, so any bigint left is an undeclared one.
      const at = error instanceof TypeError ? findBigInt(prepared, [], new Set()) : undefined;
      if (at === undefined) throw encodeError(error, context);
      throw typewireError('SERIALIZATION_ENCODE_FAILED', `json (${spec.name}): bigint at ${formatPath(at)} is not declared as an int64 in the schema`, {
        cause: error,
        details: { ...context, path: formatPath(at) },
      });
    }
  }

  return Object.freeze({
    name: 'json',
    encode(value: T): Uint8Array {
      return encodeUtf8(stringify(value));
    },
    decode(bytes: Uint8Array, limits?: DecodeLimits): T {
      checkSize(bytes.byteLength, limits, `json (${spec.name})`);
      try {
        const value: unknown = JSON.parse(decodeUtf8(bytes));
        return (trie === undefined ? value : mapInPlace(value, trie, fromJsonLeaf)) as T;
      } catch (error) {
        throw decodeError(error, context);
      }
    },
  });
}
