import { expect } from 'vitest';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

/** Runs `fn` and returns the TypewireError it throws; fails the test when it returns or throws anything else. */
export function thrownBy(fn: () => unknown): TypewireError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypewireError);
    return error as TypewireError;
  }
  throw new Error('expected a TypewireError, but the call returned');
}

export const DECODE_CODES = ['SERIALIZATION_DECODE_FAILED', 'SERIALIZATION_TOO_LARGE'];

/** For fuzzing: the call may succeed, but if it throws, it must be a coded decode error. */
export function succeedsOrFailsCoded(fn: () => unknown): 'ok' | 'failed' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (!(error instanceof TypewireError) || !DECODE_CODES.includes(error.code)) {
      throw new Error(`expected a coded decode error, got ${String(error)}`, { cause: error });
    }
    return 'failed';
  }
}
