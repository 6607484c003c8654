/**
 * What the runtime remembers about an envelope while it is in process. Symbol
 * keys, so codecs (which read named fields) never see them.
 */
import type { CodecName } from '../codec/codec.js';
import type { MessageDescriptor } from '../descriptors.js';
import type { Envelope } from '../envelope.js';

/** The descriptor of the payload, set by whoever created or decoded it. */
export const DESCRIPTOR: unique symbol = Symbol('typewire.descriptor');
/** The descriptor the payload was last validated against. */
export const VALIDATED: unique symbol = Symbol('typewire.validated');
/** The link an envelope arrived on, so it is never sent back the same way. */
export const ORIGIN: unique symbol = Symbol('typewire.origin');

export interface EnvelopeMeta {
  [DESCRIPTOR]?: MessageDescriptor<unknown>;
  [VALIDATED]?: MessageDescriptor<unknown>;
  [ORIGIN]?: object;
}

export type InternalEnvelope<T = unknown> = Envelope<T> & EnvelopeMeta;

/**
 * A payload that arrived through a transport and is not decoded yet. It is
 * decoded at most once, by the first typed receiver, which knows the schema.
 */
export class EncodedPayload {
  constructor(
    readonly bytes: Uint8Array,
    readonly codec: CodecName,
  ) {}
}

/** Header a reply carries when it is an error; its payload is then a WireError. */
export const STATUS_HEADER = 'typewire-status';
