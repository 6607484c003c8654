import { ERROR_CODES, isErrorCode, type ErrorCategory, type ErrorCode } from './codes.js';

/** The shape an error takes on the wire: enough to rebuild it on the caller's side. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly retryable: boolean;
}

export interface TypewireErrorOptions {
  readonly details?: unknown;
  readonly cause?: unknown;
  /** Overrides the registered retryable flag (declared method errors set their own). */
  readonly retryable?: boolean;
}

/**
 * The one error type typewire throws. `code` is stable (see docs/errors.md);
 * `details` is structured data (schema paths, the offending topic, a declared
 * error's payload); `retryable` tells the caller whether trying again may help.
 *
 * Errors declared by a service method use the method's own codes (for example
 * `OUT_OF_STOCK`) with category `application`.
 */
export class TypewireError<Code extends string = string, Details = unknown> extends Error {
  override readonly name = 'TypewireError';
  readonly code: Code;
  readonly details: Details;
  readonly retryable: boolean;
  readonly category: ErrorCategory;

  constructor(code: Code, message: string, options: TypewireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details as Details;
    const info = isErrorCode(code) ? ERROR_CODES[code] : undefined;
    this.category = info?.category ?? 'application';
    this.retryable = options.retryable ?? info?.retryable ?? false;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message, retryable: this.retryable }
      : { code: this.code, message: this.message, details: this.details, retryable: this.retryable };
  }

  /**
   * Rebuilds an error that crossed the wire. The stack is the caller's (where
   * the await happened), which is the one a developer can act on.
   */
  static fromWire(wire: WireError): TypewireError {
    return new TypewireError(wire.code, wire.message, { details: wire.details, retryable: wire.retryable });
  }

  /** Wraps anything thrown by user code so it can cross the wire without leaking internals. */
  static from(error: unknown): TypewireError {
    if (error instanceof TypewireError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new TypewireError('INTERNAL_HANDLER_FAILED', `handler failed: ${message}`, { cause: error });
  }
}

/** Creates a typewire error with a registered code. */
export function typewireError(code: ErrorCode, message: string, options?: TypewireErrorOptions): TypewireError<ErrorCode> {
  return new TypewireError(code, message, options);
}

export function isTypewireError(value: unknown): value is TypewireError {
  return value instanceof TypewireError;
}
