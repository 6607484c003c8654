/**
 * The wire form of one envelope, as transports send it:
 *
 *   byte 0      frame version (2)
 *   byte 1      codec id of the payload (CODEC_IDS)
 *   bytes 2..5  header length, unsigned 32-bit big-endian
 *   header      the envelope fields in a fixed binary layout (envelope-header.ts)
 *   payload     the payload bytes, exactly as the codec produced them
 *
 * The payload is left encoded: the receiver looks up the descriptor that the
 * subject (`type`) maps to and decodes with it, or uses `decodeUntyped`.
 */
import type { Envelope } from '../envelope.js';
import { typewireError } from '../errors/typewire-error.js';
import { allocBytes, plainView } from './bytes.js';
import { CODEC_IDS, type CodecName } from './codec.js';
import { headerBytes, writeHeader } from './envelope-header.js';
import { readHeader } from './envelope-header-reader.js';
import { checkSize, type DecodeLimits } from './limits.js';

// The schema-less payload codec travels with the frame (a subject without a descriptor uses it).
export { decodeUntyped, encodeUntyped } from './untyped-codec.js';

/** 2: binary header (1 was a msgpack array). */
export const FRAME_VERSION = 2;
const PREFIX_BYTES = 6;

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
  return encodeEnvelopeWithHeadroom(envelope, payload, codec, 0);
}

/**
 * The frame behind `headroom` bytes the caller fills in (a link frame's kind
 * byte), so the frame is not copied into a second buffer just to prefix it.
 */
export function encodeEnvelopeWithHeadroom(envelope: Envelope<unknown>, payload: Uint8Array, codec: CodecName, headroom: number): Uint8Array {
  const codecId = CODEC_IDS[codec];
  if (codecId === undefined) throw typewireError('SERIALIZATION_ENCODE_FAILED', `envelope frame: unknown codec "${String(codec)}"`);
  if (!(payload instanceof Uint8Array)) throw typewireError('SERIALIZATION_ENCODE_FAILED', 'envelope frame: payload must be a Uint8Array');
  const length = writeHeader(envelope);
  if (typeof length === 'string') throw typewireError('SERIALIZATION_ENCODE_FAILED', `envelope frame: ${length}`, { details: context });
  const start = headroom + PREFIX_BYTES;
  const frame = allocBytes(start + length + payload.byteLength); // every byte after the headroom is written below
  frame[headroom] = FRAME_VERSION;
  frame[headroom + 1] = codecId;
  frame[headroom + 2] = length >>> 24;
  frame[headroom + 3] = (length >>> 16) & 0xff;
  frame[headroom + 4] = (length >>> 8) & 0xff;
  frame[headroom + 5] = length & 0xff;
  const scratch = headerBytes();
  for (let i = 0; i < length; i++) frame[start + i] = scratch[i]!; // tens of bytes: a loop beats set(subarray)
  frame.set(payload, start + length);
  return frame;
}

/**
 * Reads one frame. Throws SERIALIZATION_TOO_LARGE above `limits.maxBytes`
 * and SERIALIZATION_DECODE_FAILED, naming the problem (and the field, for a
 * bad header field), for anything else that is not a valid frame.
 */
export function decodeEnvelope(bytes: Uint8Array, limits?: DecodeLimits): DecodedFrame {
  return decodeEnvelopeAt(bytes, 0, limits);
}

/**
 * decodeEnvelope for the frame that starts `start` bytes into `bytes` and
 * runs to its end (a link frame behind its kind byte): no view is made just
 * to skip the first bytes.
 */
export function decodeEnvelopeAt(bytes: Uint8Array, start: number, limits?: DecodeLimits): DecodedFrame {
  const size = bytes.byteLength - start;
  checkSize(size, limits, 'envelope frame');
  if (size < PREFIX_BYTES) throw decodeFailed(`${size} bytes is shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (bytes[start] !== FRAME_VERSION) throw decodeFailed(`unsupported frame version ${bytes[start]} (this runtime reads version ${FRAME_VERSION})`);
  const codec = CODEC_BY_ID.get(bytes[start + 1]!);
  if (codec === undefined) throw decodeFailed(`unknown codec id ${bytes[start + 1]}`);
  const headerLength = bytes[start + 2]! * 0x1000000 + ((bytes[start + 3]! << 16) | (bytes[start + 4]! << 8) | bytes[start + 5]!);
  const headerStart = start + PREFIX_BYTES;
  const payloadStart = headerStart + headerLength;
  if (payloadStart > bytes.byteLength) throw decodeFailed(`header length ${headerLength} runs past the end of the ${size}-byte frame`);
  const envelope = readHeader(bytes, headerStart, payloadStart, plainView(bytes).subarray(payloadStart));
  if (typeof envelope === 'string') throw decodeFailed(envelope);
  return { envelope, codec };
}
