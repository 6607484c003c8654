import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTraceparent, isSampled, isValidTraceparent, parseTraceparent } from '../../../../runtime/observability/tracing/traceparent.js';
import { newSpanId, newTraceId } from '../../../../runtime/observability/tracing/trace-ids.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const VALID = `00-${TRACE}-${SPAN}-01`;

describe('parseTraceparent', () => {
  it('parses the example from the specification', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 1 });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.flags).toBe(0);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['upper-case hex', VALID.toUpperCase()],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with extra fields', `${VALID}-extra`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['long span id', `00-${TRACE}-${SPAN}0-01`],
    ['non-hex flags', `00-${TRACE}-${SPAN}-0g`],
    ['wrong separators', `00_${TRACE}_${SPAN}_01`],
    ['later version without a dash after flags', `01-${TRACE}-${SPAN}-01x`],
  ])('ignores %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
    expect(isValidTraceparent(value)).toBe(false);
  });

  it('accepts a later version and ignores the fields it appends', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-03-what-comes-later`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 3 });
  });

  it('reads the sampled flag from bit 0 only', () => {
    expect(isSampled({ traceId: TRACE, spanId: SPAN, flags: 0x03 })).toBe(true);
    expect(isSampled({ traceId: TRACE, spanId: SPAN, flags: 0x02 })).toBe(false);
  });
});

describe('formatTraceparent', () => {
  it('formats version 00 with two-digit flags', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, flags: 1 })).toBe(VALID);
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, flags: 0xab })).toBe(`00-${TRACE}-${SPAN}-ab`);
  });

  it.each([
    ['zero trace id', { traceId: '0'.repeat(32), spanId: SPAN, flags: 1 }],
    ['short span id', { traceId: TRACE, spanId: 'abc', flags: 1 }],
    ['upper case', { traceId: TRACE.toUpperCase(), spanId: SPAN, flags: 1 }],
    ['flags out of range', { traceId: TRACE, spanId: SPAN, flags: 256 }],
  ])('refuses %s with VALIDATION_BAD_ARGUMENT', (_name, context) => {
    expect(() => formatTraceparent(context)).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });

  it('round-trips any valid context', () => {
    const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((s) => /[1-9a-f]/.test(s));
    fc.assert(
      fc.property(hex(32), hex(16), fc.integer({ min: 0, max: 255 }), (traceId, spanId, flags) => {
        expect(parseTraceparent(formatTraceparent({ traceId, spanId, flags }))).toEqual({ traceId, spanId, flags });
      }),
    );
  });
});

describe('trace and span ids', () => {
  it('are lower-case hex of the right length and differ from one call to the next', () => {
    const traces = new Set(Array.from({ length: 300 }, newTraceId));
    const spans = new Set(Array.from({ length: 600 }, newSpanId));
    expect(traces.size).toBe(300);
    expect(spans.size).toBe(600);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});
