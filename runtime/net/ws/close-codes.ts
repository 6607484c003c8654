/**
 * WebSocket close codes for typewire's close reasons, and back. The fatal
 * ERROR frame sent before a close carries the full reason; the close code is
 * for tools that only see the WebSocket layer (proxies, browser dev tools),
 * and for the one case with no ERROR frame: a message over the receiver's
 * maxPayload, which the WebSocket library refuses with 1009 by itself.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import { reasonOf } from '../reasons.js';

export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_MESSAGE_TOO_BIG = 1009;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export function closeCodeFor(reason: TypewireError | undefined): number {
  if (!reason) return CLOSE_NORMAL;
  if (reason.code === 'SERIALIZATION_TOO_LARGE') return CLOSE_MESSAGE_TOO_BIG;
  if (reason.category === 'auth' || reason.code === 'TRANSPORT_SCHEMA_MISMATCH') return CLOSE_POLICY_VIOLATION;
  if (reason.code === 'TRANSPORT_PROTOCOL') return CLOSE_PROTOCOL_ERROR;
  if (reason.code === 'TRANSPORT_TOO_MANY_CONNECTIONS') return CLOSE_TRY_AGAIN_LATER;
  if (reasonOf(reason) === 'server-closing') return CLOSE_GOING_AWAY;
  return CLOSE_NORMAL;
}

/** Why a WebSocket closed, as seen from this side, when no fatal ERROR frame said more. */
export function reasonFromClose(code: number, text: string): TypewireError {
  if (code === CLOSE_MESSAGE_TOO_BIG) return messageTooBig('the peer refused a message over its size limit (close code 1009)', undefined);
  const said = text === '' ? '' : `, ${text}`;
  return new TypewireError('TRANSPORT_CLOSED', `connection lost: WebSocket closed (code ${code}${said})`, {
    details: { reason: 'connection-lost', closeCode: code, ...(text === '' ? {} : { closeReason: text }) },
  });
}

/** A message over a maxPayload: the receiver closes with 1009. */
export function messageTooBig(message: string, maxBytes: number | undefined): TypewireError {
  return new TypewireError('SERIALIZATION_TOO_LARGE', message, {
    details: { reason: 'frame-too-large', closeCode: CLOSE_MESSAGE_TOO_BIG, ...(maxBytes === undefined ? {} : { maxBytes }) },
  });
}
