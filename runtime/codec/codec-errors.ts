/**
 * Turns whatever a third-party encoder or decoder threw (msgpackr Error,
 * RangeError from a DataView or from stack exhaustion, TextDecoder TypeError,
 * JSON SyntaxError) into a coded TypewireError, so callers only ever see one
 * error type from a codec.
 */
import { isTypewireError, typewireError, type TypewireError } from '../errors/typewire-error.js';

export interface CodecErrorContext {
  /** Which codec was running: `msgpack`, `json`, `untyped`, `envelope`, `container`. */
  readonly codec: string;
  /** The message type being coded, when known. */
  readonly type?: string;
}

/** Deep input exhausts the stack inside a recursive decoder; V8 reports that as a RangeError. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function subject(context: CodecErrorContext): string {
  return context.type === undefined ? context.codec : `${context.codec} (${context.type})`;
}

export function decodeError(error: unknown, context: CodecErrorContext): TypewireError {
  if (isTypewireError(error)) return error;
  const details = { ...context };
  if (isStackOverflow(error)) {
    return typewireError('SERIALIZATION_TOO_LARGE', `${subject(context)}: input is nested too deeply to decode`, { cause: error, details });
  }
  return typewireError('SERIALIZATION_DECODE_FAILED', `${subject(context)}: cannot decode: ${describe(error)}`, { cause: error, details });
}

export function encodeError(error: unknown, context: CodecErrorContext): TypewireError {
  if (isTypewireError(error)) return error;
  const details = { ...context };
  const reason = isStackOverflow(error) ? 'value is nested too deeply or contains a cycle' : describe(error);
  return typewireError('SERIALIZATION_ENCODE_FAILED', `${subject(context)}: cannot encode: ${reason}`, { cause: error, details });
}
