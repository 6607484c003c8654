/**
 * Size limits applied before any decoder touches untrusted bytes. A peer that
 * sends 2 GiB should get a coded error, not an out-of-memory process.
 */
import { typewireError } from '../errors/typewire-error.js';

export interface DecodeLimits {
  /** Largest input accepted, in bytes. Default 16 MiB (see `configureCodecLimits`). */
  readonly maxBytes?: number;
}

const MiB = 1024 * 1024;
let defaultMaxBytes = 16 * MiB;

/**
 * Changes the process-wide default limit used when a decode call passes none.
 * Transports and the bus pass their own `maxMessageSize` where they have one.
 */
export function configureCodecLimits(limits: DecodeLimits): void {
  if (limits.maxBytes !== undefined) {
    if (!Number.isSafeInteger(limits.maxBytes) || limits.maxBytes <= 0) {
      throw typewireError('VALIDATION_BAD_ARGUMENT', `maxBytes must be a positive integer, got ${String(limits.maxBytes)}`);
    }
    defaultMaxBytes = limits.maxBytes;
  }
}

export function getCodecLimits(): Required<DecodeLimits> {
  return { maxBytes: defaultMaxBytes };
}

/** Throws SERIALIZATION_TOO_LARGE when `length` exceeds the limit in effect. */
export function checkSize(length: number, limits: DecodeLimits | undefined, what: string): void {
  const max = limits?.maxBytes ?? defaultMaxBytes;
  if (length > max) {
    throw typewireError('SERIALIZATION_TOO_LARGE', `${what}: ${length} bytes exceeds the limit of ${max} bytes`, {
      details: { size: length, maxBytes: max },
    });
  }
}
