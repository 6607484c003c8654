/**
 * The wire form of one envelope, as transports send it:
 *
 *   byte 0      frame version (1)
 *   byte 1      codec id of the payload (CODEC_IDS)
 *   bytes 2..5  header length, unsigned 32-bit big-endian
 *   header      msgpack array of the envelope fields (envelope-header.ts)
 *   payload     the payload bytes, exactly as the codec produced them
 *
 * The payload is left encoded: the receiver looks up the descriptor that the
 * subject (`type`) maps to and decodes with it, or uses `decodeUntyped`.
 */
import { clearSource } from 'msgpackr';
import type { Envelope } from '../envelope.js';
import { typewireError } from '../errors/typewire-error.js';
import { allocBytes, plainView } from './bytes.js';
import { CODEC_IDS, type CodecName } from './codec.js';
import { decodeError, encodeError } from './codec-errors.js';
import { envelopeFromArray, headerToArray } from './envelope-header.js';
import { checkSize, type DecodeLimits } from './limits.js';
import { createPlainPackr } from './msgpack-packr.js';

// The schema-less payload codec travels with the frame (a subject without a descriptor uses it).
export { decodeUntyped, encodeUntyped } from './untyped-codec.js';

export const FRAME_VERSION = 1;
const PREFIX_BYTES = 6;

const headerPackr = createPlainPackr();
const context = { codec: 'envelope' } as const;

const CODEC_BY_ID: ReadonlyMap<number, CodecName> = new Map(
  (Object.entries(CODEC_IDS) as Array<[CodecName, number]>).map(([name, id]) => [id, name]),
);

export interface DecodedFrame {
  /** The envelope with its payload still encoded; a view into the frame's memory. */
  readonly envelope: Envelope<Uint8Array>;
  /** The codec the payload was encoded with. */
  readonly codec: CodecName;
}

function decodeFailed(message: string): Error {
  return typewireError('SERIALIZATION_DECODE_FAILED', `envelope frame: ${message}`, { details: context });
}

/** Builds one frame. Throws SERIALIZATION_ENCODE_FAILED naming the field when a header field has the wrong type. */
export function encodeEnvelope(envelope: Envelope<unknown>, payload: Uint8Array, codec: CodecName): Uint8Array {
  const codecId = CODEC_IDS[codec];
  if (codecId === undefined) throw typewireError('SERIALIZATION_ENCODE_FAILED', `envelope frame: unknown codec "${String(codec)}"`);
  if (!(payload instanceof Uint8Array)) throw typewireError('SERIALIZATION_ENCODE_FAILED', 'envelope frame: payload must be a Uint8Array');
  const fields = headerToArray(envelope);
  if (typeof fields === 'string') throw typewireError('SERIALIZATION_ENCODE_FAILED', `envelope frame: ${fields}`, { details: context });
  let header: Uint8Array;
  try {
    header = headerPackr.pack(fields);
  } catch (error) {
    throw encodeError(error, context);
  }
  const frame = allocBytes(PREFIX_BYTES + header.byteLength + payload.byteLength); // every byte is written below
  const length = header.byteLength;
  frame[0] = FRAME_VERSION;
  frame[1] = codecId;
  frame[2] = length >>> 24;
  frame[3] = (length >>> 16) & 0xff;
  frame[4] = (length >>> 8) & 0xff;
  frame[5] = length & 0xff;
  frame.set(header, PREFIX_BYTES);
  frame.set(payload, PREFIX_BYTES + header.byteLength);
  return frame;
}

/**
 * Reads one frame. Throws SERIALIZATION_TOO_LARGE above `limits.maxBytes`
 * and SERIALIZATION_DECODE_FAILED, naming the problem (and the field, for a
 * bad header field), for anything else that is not a valid frame.
 */
export function decodeEnvelope(bytes: Uint8Array, limits?: DecodeLimits): DecodedFrame {
  checkSize(bytes.byteLength, limits, 'envelope frame');
  if (bytes.byteLength < PREFIX_BYTES) throw decodeFailed(`${bytes.byteLength} bytes is shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (bytes[0] !== FRAME_VERSION) throw decodeFailed(`unsupported frame version ${bytes[0]} (this runtime reads version ${FRAME_VERSION})`);
  const codec = CODEC_BY_ID.get(bytes[1]!);
  if (codec === undefined) throw decodeFailed(`unknown codec id ${bytes[1]}`);
  const headerLength = bytes[2]! * 0x1000000 + ((bytes[3]! << 16) | (bytes[4]! << 8) | bytes[5]!);
  const payloadStart = PREFIX_BYTES + headerLength;
  if (payloadStart > bytes.byteLength) throw decodeFailed(`header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte frame`);
  let decoded: unknown;
  try {
    // start/end instead of a subarray: one allocation less on every frame.
    decoded = headerPackr.unpack(bytes, { start: PREFIX_BYTES, end: payloadStart });
  } catch (error) {
    clearSource();
    throw decodeError(error, context);
  }
  const envelope = envelopeFromArray(decoded, plainView(bytes).subarray(payloadStart));
  if (typeof envelope === 'string') throw decodeFailed(envelope);
  return { envelope, codec };
}
