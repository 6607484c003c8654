/**
 * The codec for payloads whose subject has no message descriptor (a raw
 * publish, a schema-less container). Plain msgpack maps, no records, so any
 * msgpack implementation can read it; the same value rules as the schema
 * codec (bigint ⇄ int64, doubles stay doubles, bytes ⇄ bin, maps become plain
 * objects, `__proto__` keys arrive as `__proto_`). Integers beyond 64 bits
 * fail to encode with SERIALIZATION_ENCODE_FAILED.
 */
import { clearSource } from 'msgpackr';
import { decodeError, encodeError } from './codec-errors.js';
import { checkSize, type DecodeLimits } from './limits.js';
import { plainView } from './bytes.js';
import { createPlainPackr } from './msgpack-packr.js';

const packr = createPlainPackr();
const context = { codec: 'untyped' } as const;

export function encodeUntyped(value: unknown): Uint8Array {
  try {
    return plainView(packr.pack(value));
  } catch (error) {
    throw encodeError(error, context);
  }
}

export function decodeUntyped(bytes: Uint8Array, limits?: DecodeLimits): unknown {
  checkSize(bytes.byteLength, limits, 'untyped');
  try {
    return packr.unpack(plainView(bytes));
  } catch (error) {
    clearSource();
    throw decodeError(error, context);
  }
}
