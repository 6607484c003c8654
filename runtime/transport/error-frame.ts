/**
 * The body of an ERROR frame: a WireError plus whether the sender is closing
 * the connection because of it. Decoding is strict and never throws anything
 * but a coded error: an ERROR frame is untrusted input like any other.
 */
import { decodeUntyped, encodeUntyped } from '../codec/untyped-codec.js';
import { TypewireError } from '../errors/typewire-error.js';
import { FRAME_ERROR, linkFrame } from './frame-kinds.js';

export interface PeerError {
  readonly error: TypewireError;
  /** The sender closes the connection after this frame. */
  readonly fatal: boolean;
}

export function encodeErrorFrame(error: TypewireError, fatal: boolean): Uint8Array {
  let body: Uint8Array;
  try {
    body = encodeUntyped({ ...error.toWire(), fatal });
  } catch {
    // Details that cannot be encoded (a function, a cycle) must not stop the report itself.
    body = encodeUntyped({ code: error.code, message: error.message, retryable: error.retryable, fatal });
  }
  return linkFrame(FRAME_ERROR, body);
}

export function decodeErrorFrame(body: Uint8Array, maxBytes?: number): PeerError {
  const raw = decodeUntyped(body, maxBytes === undefined ? undefined : { maxBytes });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed();
  const fields = raw as Record<string, unknown>;
  const { code, message, retryable, fatal } = fields;
  if (typeof code !== 'string' || typeof message !== 'string' || typeof retryable !== 'boolean' || typeof fatal !== 'boolean') {
    throw malformed();
  }
  return { error: TypewireError.fromWire({ code, message, details: fields['details'], retryable }), fatal };
}

function malformed(): TypewireError {
  return new TypewireError('TRANSPORT_PROTOCOL', 'malformed ERROR frame');
}
