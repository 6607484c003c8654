import type { MessageDescriptor } from '../descriptors.js';
import { assertValid } from '../validation/assert-valid.js';
import { DESCRIPTOR, EncodedPayload, VALIDATED, type InternalEnvelope } from './envelope-meta.js';

/**
 * Returns the envelope's payload as a valid `T`: decodes it if it came off the
 * wire, and validates it unless it was already validated against this same
 * schema (so ten subscribers of one event cost one validation). The envelope
 * is updated in place, which is what makes the work happen once.
 */
export function readPayload<T>(envelope: InternalEnvelope, descriptor: MessageDescriptor<T>): T {
  if (envelope.payload instanceof EncodedPayload) {
    const encoded = envelope.payload;
    envelope.payload = descriptor[encoded.codec].decode(encoded.bytes);
    envelope[DESCRIPTOR] = descriptor as MessageDescriptor<unknown>;
  }
  if (envelope[VALIDATED] !== descriptor) {
    assertValid(descriptor, envelope.payload, 'inbound');
    envelope[VALIDATED] = descriptor as MessageDescriptor<unknown>;
  }
  return envelope.payload as T;
}

/** Validates an outgoing payload and marks the envelope so receivers in process need not repeat it. */
export function markOutbound<T>(envelope: InternalEnvelope<T>, descriptor: MessageDescriptor<T>, validate: boolean): void {
  envelope[DESCRIPTOR] = descriptor as MessageDescriptor<unknown>;
  if (validate) {
    assertValid(descriptor, envelope.payload, 'outbound');
    envelope[VALIDATED] = descriptor as MessageDescriptor<unknown>;
  }
}
