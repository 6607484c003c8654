/**
 * The default, binary codec: msgpackr with the schema's object shapes as
 * shared record structures, so a known shape costs one byte instead of its
 * keys. Shapes the schema does not list (a map, an object with its keys in
 * another order, a missing optional field) still round-trip: msgpackr writes
 * them with an inline record definition.
 *
 * Values: bigint ⇄ int64/uint64 (always bigint on decode), doubles stay
 * doubles (NaN and ±Infinity included; -0 decodes as 0 because msgpack
 * integers have no sign bit for zero), Uint8Array ⇄ bin (decoded as a copy
 * that owns its memory), objects stay plain objects. A `__proto__` key decodes
 * as `__proto_` (msgpackr's guard), so it can never become a prototype.
 *
 * `encode` returns a (plain Uint8Array) view into msgpackr's output slab.
 * msgpackr never writes over bytes it has handed out (each encode continues
 * after the last, and a full slab is replaced, not reused), so the view stays
 * valid; see bytes.ts about `.buffer`.
 */
import { clearSource } from 'msgpackr';
import type { MessageSpec } from '../descriptors.js';
import type { Codec } from './codec.js';
import { decodeError, encodeError, type CodecErrorContext } from './codec-errors.js';
import { checkSize, type DecodeLimits } from './limits.js';
import { plainView } from './bytes.js';
import { createSchemaPackr } from './msgpack-packr.js';
import { compileSpecialPaths, mapInPlace, type SpecialKind } from './special-paths.js';

/**
 * msgpackr writes every bigint as a 64-bit integer, which decodes as bigint.
 * Other msgpack encoders pick the smallest integer format, which decodes as a
 * number; at a declared int64 path such a number is turned into the bigint it means.
 */
function int64FromNumber(_kind: SpecialKind, value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

export function createMsgpackCodec<T>(spec: Pick<MessageSpec, 'name' | 'structures' | 'special'>): Codec<T> {
  const packr = createSchemaPackr(spec.structures);
  const int64Paths = compileSpecialPaths({ int64: spec.special.int64, bytes: [] });
  const context: CodecErrorContext = { codec: 'msgpack', type: spec.name };

  return Object.freeze({
    name: 'msgpack',
    encode(value: T): Uint8Array {
      try {
        return plainView(packr.pack(value));
      } catch (error) {
        throw encodeError(error, context);
      }
    },
    decode(bytes: Uint8Array, limits?: DecodeLimits): T {
      checkSize(bytes.byteLength, limits, `msgpack (${spec.name})`);
      let value: unknown;
      try {
        value = packr.unpack(plainView(bytes));
      } catch (error) {
        clearSource(); // msgpackr keeps the input in module state; make sure a failed decode leaves none behind
        throw decodeError(error, context);
      }
      return (int64Paths === undefined ? value : mapInPlace(value, int64Paths, int64FromNumber)) as T;
    },
  });
}
