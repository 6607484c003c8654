/**
 * Why a network connection was refused or closed, as coded errors, in one
 * place. `details.reason` names the case more finely than the code does.
 */
import { TypewireError } from '../errors/typewire-error.js';
import type { FingerprintMismatch } from './fingerprints.js';

export type CloseReason =
  | 'schema-mismatch'
  | 'auth-refused'
  | 'auth-expired'
  | 'slow-consumer'
  | 'idle-timeout'
  | 'handshake-timeout'
  | 'handshake-violation'
  | 'too-many-connections'
  | 'server-closing'
  | 'frame-too-large'
  | 'connection-lost';

export function schemaMismatch(mismatches: ReadonlyArray<FingerprintMismatch>): TypewireError {
  const names = mismatches.map((m) => m.message);
  return new TypewireError('TRANSPORT_SCHEMA_MISMATCH', `schemas differ between client and server for: ${names.join(', ')}`, {
    details: { reason: 'schema-mismatch', messages: names, mismatches },
  });
}

export function authRefused(cause: unknown): TypewireError {
  const message = cause instanceof Error ? cause.message : 'the token was refused';
  // A verifier's own coded error keeps its code, details and retryable flag
  // (a JWKS endpoint that is briefly down is worth retrying; a bad token is not).
  const coded = cause instanceof TypewireError && cause.category === 'auth' ? cause : undefined;
  const details = coded?.details !== null && typeof coded?.details === 'object' ? { ...coded.details, reason: 'auth-refused' } : { reason: 'auth-refused' };
  return new TypewireError(coded?.code ?? 'AUTH_UNAUTHENTICATED', `authentication failed: ${message}`, { details, retryable: coded?.retryable ?? false });
}

export function authExpired(): TypewireError {
  return new TypewireError('AUTH_EXPIRED', 'the session token expired', { details: { reason: 'auth-expired' }, retryable: true });
}

export function slowConsumer(bufferedBytes: number, maxOutboundBytes: number): TypewireError {
  return new TypewireError('TRANSPORT_SLOW_CONSUMER', `disconnected: the peer is not reading (${bufferedBytes} bytes queued, limit ${maxOutboundBytes})`, {
    details: { reason: 'slow-consumer', bufferedBytes, maxOutboundBytes },
  });
}

export function idleTimeout(idleMs: number): TypewireError {
  return new TypewireError('TIMEOUT_IDLE', `no frame from the peer for ${idleMs} ms`, { details: { reason: 'idle-timeout', idleMs } });
}

export function handshakeTimeout(ms: number): TypewireError {
  return new TypewireError('TIMEOUT_HANDSHAKE', `no HELLO within ${ms} ms`, { details: { reason: 'handshake-timeout', timeoutMs: ms }, retryable: true });
}

export function handshakeViolation(what: string): TypewireError {
  return new TypewireError('TRANSPORT_PROTOCOL', `handshake: ${what}`, { details: { reason: 'handshake-violation' } });
}

export function tooManyConnections(max: number): TypewireError {
  return new TypewireError('TRANSPORT_TOO_MANY_CONNECTIONS', `the server is at its limit of ${max} connections`, { details: { reason: 'too-many-connections', maxConnections: max } });
}

export function serverClosing(): TypewireError {
  return new TypewireError('TRANSPORT_CLOSED', 'the server is shutting down', { details: { reason: 'server-closing' } });
}

export function connectionLost(cause?: unknown): TypewireError {
  const message = cause instanceof Error ? cause.message : 'the connection closed';
  return new TypewireError('TRANSPORT_CLOSED', `connection lost: ${message}`, { details: { reason: 'connection-lost' }, ...(cause === undefined ? {} : { cause }) });
}

/** The stable reason of an error made here, if it is one. */
export function reasonOf(error: TypewireError | undefined): CloseReason | undefined {
  const details = error?.details as { reason?: unknown } | undefined;
  return typeof details?.reason === 'string' ? (details.reason as CloseReason) : undefined;
}
