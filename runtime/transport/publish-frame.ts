/**
 * PUB frames: an envelope frame (runtime/codec/envelope-frame.ts) behind the
 * PUB kind byte. The payload is encoded once, with the codec its descriptor
 * provides, or passed through as it arrived.
 */
import type { CodecName } from '../codec/codec.js';
import { encodeEnvelopeWithHeadroom, encodeUntyped } from '../codec/envelope-frame.js';
import { createEnvelope, type Envelope } from '../envelope.js';
import type { TypewireError } from '../errors/typewire-error.js';
import { DESCRIPTOR, EncodedPayload, STATUS_HEADER, type InternalEnvelope } from '../internal/envelope-meta.js';
import { FRAME_PUB } from './frame-kinds.js';

export function encodePublishFrame(envelope: InternalEnvelope, codec: CodecName): Uint8Array {
  const { payload } = envelope;
  if (payload instanceof EncodedPayload) return publishFrame(envelope, payload.bytes, payload.codec);
  if (envelope[DESCRIPTOR]) return publishFrame(envelope, envelope[DESCRIPTOR][codec].encode(payload), codec);
  return publishFrame(envelope, encodeUntyped(payload), 'msgpack');
}

/** The error reply to request `requestId`: header `typewire-status: error`, payload the WireError. */
export function encodeErrorReplyFrame(requestId: string, replyTo: string, error: TypewireError, source: string): Uint8Array {
  const reply = createEnvelope(replyTo, undefined, { source, correlationId: requestId, headers: { [STATUS_HEADER]: 'error' } });
  return publishFrame(reply, encodeUntyped(error.toWire()), 'msgpack');
}

/** The envelope frame is written one byte in, behind the kind byte: one buffer, no second copy. */
function publishFrame(envelope: Envelope<unknown>, payload: Uint8Array, codec: CodecName): Uint8Array {
  const frame = encodeEnvelopeWithHeadroom(envelope, payload, codec, 1);
  frame[0] = FRAME_PUB;
  return frame;
}
