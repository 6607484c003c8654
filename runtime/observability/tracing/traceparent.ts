/**
 * W3C Trace Context `traceparent`: `version-traceid-parentid-flags`, for
 * example `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 *
 * Parsing follows the specification's rule for receivers: a value that is
 * not valid is ignored (the message starts a new trace), never an error.
 */
import { TypewireError } from '../../errors/typewire-error.js';

/** The identity of one span, as carried between processes. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero: the span that sent (or is handling) the message. */
  readonly spanId: string;
  /** Trace flags; bit 0 is `sampled`. */
  readonly flags: number;
}

export const SAMPLED_FLAG = 0x01;

const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const DASH = 45;

/**
 * The context in `value`, or undefined when it is absent or not a valid
 * traceparent. Version 00 is exactly 55 characters; a later version may
 * append `-`-separated fields, which are ignored. Checked character by
 * character: this runs once per incoming message.
 */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  if (value === undefined || value.length < 55) return undefined;
  if (value.charCodeAt(2) !== DASH || value.charCodeAt(35) !== DASH || value.charCodeAt(52) !== DASH) return undefined;
  if (!isLowerHex(value, 0, 2) || !isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52) || !isLowerHex(value, 53, 55)) return undefined;
  const version = hexByte(value, 0);
  if (version === 0xff) return undefined;
  if (value.length > 55 && (version === 0 || value.charCodeAt(55) !== DASH)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: hexByte(value, 53) };
}

function isLowerHex(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The byte written as two lower-case hex digits at `at` (already checked). */
function hexByte(text: string, at: number): number {
  return (hexDigit(text.charCodeAt(at)) << 4) | hexDigit(text.charCodeAt(at + 1));
}

function hexDigit(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}

export function isValidTraceparent(value: string | undefined): boolean {
  return parseTraceparent(value) !== undefined;
}

export function isValidTraceId(id: string): boolean {
  return TRACE_ID.test(id) && id !== ZERO_TRACE;
}

export function isValidSpanId(id: string): boolean {
  return SPAN_ID.test(id) && id !== ZERO_SPAN;
}

/** Formats a version-00 traceparent. Throws VALIDATION_BAD_ARGUMENT for ids or flags out of range. */
export function formatTraceparent(context: TraceContext): string {
  if (!isValidTraceId(context.traceId) || !isValidSpanId(context.spanId) || !Number.isInteger(context.flags) || context.flags < 0 || context.flags > 0xff) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'formatTraceparent: trace id must be 32 hex digits, span id 16, not all zero, and flags 0-255', {
      details: { traceId: context.traceId, spanId: context.spanId, flags: context.flags },
    });
  }
  return formatUnchecked(context);
}

/** For contexts typewire made itself (ids already valid): no checks on the hot path. */
export function formatUnchecked(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${HEX_BYTE[context.flags & 0xff]!}`;
}

/** `00` … `ff`, for formatting flags and ids without toString/padStart. */
export const HEX_BYTE: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

export function isSampled(context: TraceContext): boolean {
  return (context.flags & SAMPLED_FLAG) !== 0;
}
