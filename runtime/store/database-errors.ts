/**
 * Turns driver errors into typewire errors. A connection that is refused,
 * reset or shut down is PERSISTENCE_UNAVAILABLE (retryable): the caller may
 * try again once the database is back. Anything else the database says keeps
 * its SQLSTATE in the details.
 */
import { TypewireError } from '../errors/typewire-error.js';

/** SQLSTATE classes that mean "the server went away or is starting/stopping". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]|53300)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection is closed|Client has encountered a connection error|Cannot use a pool after calling end|terminating connection|database system is (shutting down|starting up)/i;

export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

export function toPersistenceError(error: unknown, operation: string): TypewireError {
  if (error instanceof TypewireError) return error;
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const sqlState = typeof e?.code === 'string' ? e.code : undefined;
  if (isUnavailable(error)) {
    return new TypewireError('PERSISTENCE_UNAVAILABLE', `${operation}: the database is unavailable (${message})`, {
      details: { operation, ...(sqlState ? { sqlState } : {}) },
      cause: error,
    });
  }
  return new TypewireError('PERSISTENCE_FAILED', `${operation}: ${message}`, {
    details: { operation, ...(sqlState ? { sqlState } : {}) },
    cause: error,
  });
}
