/**
 * The default, binary codec: msgpack with the schema's object shapes as
 * shared record structures, so a known shape costs one byte instead of its
 * keys. Shapes the schema does not list (a map, an object with its keys in
 * another order, a missing optional field) still round-trip: they are written
 * with an inline record definition.
 *
 * Two implementations of one wire format: a schema-specialised encoder and
 * decoder built here, once per message type (record-encoder.ts,
 * record-decoder.ts), and msgpackr configured with the same shared structures.
 * The specialised pair handles messages made of plain values and declines
 * anything else (a Date, a Map, a foreign extension, malformed input), which
 * then goes through msgpackr; either side reads what the other writes. Message
 * types with more than 32 shapes use msgpackr only (it has two-byte record ids).
 *
 * Values: bigint ⇄ int64/uint64 (always bigint on decode), doubles stay
 * doubles (NaN and ±Infinity included; -0 decodes as 0 because msgpack
 * integers have no sign bit for zero; an integer-valued double such as 3 is
 * written as an integer and decodes as the number 3), Uint8Array ⇄ bin
 * (decoded as a copy that owns its memory), objects stay plain objects. A
 * `__proto__` key decodes as `__proto_` (msgpackr's guard), so it can never
 * become a prototype.
 *
 * A limit of the record format, with either implementation: bytes 0x40..0x7f
 * are record ids, so another msgpack encoder's positive fixints 64..127 read
 * as records when the schema has a shape at that id (msgpackr writes those
 * integers as uint8, and so does the specialised encoder).
 *
 * `encode` returns a (plain Uint8Array) view into a shared output slab. The
 * slab is never written over (each encode continues after the last, and a
 * full slab is replaced, not reused), so the view stays valid; see bytes.ts
 * about `.buffer`.
 */
import { clearSource } from 'msgpackr';
import type { MessageSpec } from '../descriptors.js';
import type { Codec } from './codec.js';
import { decodeError, encodeError, type CodecErrorContext } from './codec-errors.js';
import { checkSize, type DecodeLimits } from './limits.js';
import { plainView } from './bytes.js';
import { createSchemaPackr, sharedKeyLists } from './msgpack-packr.js';
import { checkRecordBuilders, type CompiledShapes } from './record-builders.js';
import { createRecordDecoder, DECLINED } from './record-decoder.js';
import { createRecordEncoder, MAX_FAST_SHAPES } from './record-encoder.js';
import { compileSpecialPaths, mapInPlace, type SpecialKind } from './special-paths.js';

/**
 * msgpackr writes every bigint as a 64-bit integer, which decodes as bigint.
 * Other msgpack encoders pick the smallest integer format, which decodes as a
 * number; at a declared int64 path such a number is turned into the bigint it means.
 */
function int64FromNumber(_kind: SpecialKind, value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

const never = (): undefined => undefined;

/** `compiled`: generated accelerators for the decoder (record-builders.ts); optional. */
export function createMsgpackCodec<T>(spec: Pick<MessageSpec, 'name' | 'structures' | 'special'>, compiled?: CompiledShapes): Codec<T> {
  const keyLists = sharedKeyLists(spec.structures);
  const packr = createSchemaPackr(keyLists);
  const int64Paths = compileSpecialPaths({ int64: spec.special.int64, bytes: [] });
  const specialised = keyLists.length <= MAX_FAST_SHAPES;
  const encodeFast: (value: unknown) => Uint8Array | undefined = specialised ? createRecordEncoder(keyLists) : never;
  const decodeFast: (bytes: Uint8Array) => unknown = specialised ? createRecordDecoder(keyLists, int64Paths, checkRecordBuilders(spec.structures, compiled)) : () => DECLINED;
  const context: CodecErrorContext = { codec: 'msgpack', type: spec.name };

  return Object.freeze({
    name: 'msgpack',
    encode(value: T): Uint8Array {
      try {
        return encodeFast(value) ?? plainView(packr.pack(value));
      } catch (error) {
        throw encodeError(error, context);
      }
    },
    decode(bytes: Uint8Array, limits?: DecodeLimits): T {
      checkSize(bytes.byteLength, limits, `msgpack (${spec.name})`);
      const input = plainView(bytes); // so decoded bytes are plain Uint8Array copies, never Buffers
      const fast = decodeFast(input);
      if (fast !== DECLINED) return fast as T;
      let value: unknown;
      try {
        value = packr.unpack(input);
      } catch (error) {
        clearSource(); // msgpackr keeps the input in module state; make sure a failed decode leaves none behind
        throw decodeError(error, context);
      }
      return (int64Paths === undefined ? value : mapInPlace(value, int64Paths, int64FromNumber)) as T;
    },
  });
}
