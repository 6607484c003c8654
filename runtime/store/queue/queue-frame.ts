/**
 * How an envelope is stored in a queue: the envelope frame transports send
 * (runtime/codec/envelope-frame.ts), so a message that arrived from a remote
 * producer is stored with the bytes it came in, without a decode and
 * re-encode, and a dead letter or replay copies bytes, never objects.
 */
import { decodeEnvelope, encodeEnvelope } from '../../codec/envelope-frame.js';
import type { MessageDescriptor } from '../../descriptors.js';
import type { Envelope } from '../../envelope.js';
import { EncodedPayload, VALIDATED, type InternalEnvelope } from '../../internal/envelope-meta.js';
import { readPayload } from '../../internal/read-payload.js';
import { assertValid } from '../../validation/assert-valid.js';

/**
 * The stored frame of one envelope. A payload still encoded (it came off the
 * wire) keeps its bytes and codec; a value is validated against the queue's
 * schema (unless it was already, or `validate` is off) and encoded with its
 * msgpack codec. Throws VALIDATION_FAILED or SERIALIZATION_ENCODE_FAILED.
 */
export function encodeQueueFrame<T>(envelope: Envelope<T>, descriptor: MessageDescriptor<T>, validate: boolean): Uint8Array {
  const internal = envelope as InternalEnvelope<T>;
  const payload: unknown = internal.payload;
  if (payload instanceof EncodedPayload) return encodeEnvelope(envelope, payload.bytes, payload.codec);
  if (validate && internal[VALIDATED] !== descriptor) assertValid(descriptor, payload, 'outbound');
  return encodeEnvelope(envelope, descriptor.msgpack.encode(payload as T), 'msgpack');
}

/**
 * The envelope of a stored frame with its payload decoded and validated as a
 * `T` (marked, so the runtime does not validate it again). Throws
 * SERIALIZATION_DECODE_FAILED or VALIDATION_FAILED: a message that cannot be
 * read will never be, and consumers dead-letter it at once.
 */
export function readQueueEnvelope<T>(frame: Uint8Array, descriptor: MessageDescriptor<T>): Envelope<T> {
  const { envelope, codec } = decodeEnvelope(frame);
  const internal: InternalEnvelope = { ...envelope, payload: new EncodedPayload(envelope.payload, codec) };
  readPayload(internal, descriptor);
  return internal as Envelope<T>;
}

/** `pg` serializes only Buffers inside arrays as bytea; a Buffer view costs no copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
