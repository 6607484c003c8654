/**
 * Where typewire knowingly differs from the JSON Schema Test Suite, each case
 * documented in docs/schemas.md ("Supported keywords" and "Formats"). The
 * report shows them as such; anything they do not explain still fails.
 */
import { protoPropertyProblems } from '../../generator/emit/proto-properties.js';

/** One test whose verdict differs from the suite's. */
export interface Verdict {
  readonly data: unknown;
  readonly expected: boolean;
  readonly actual: boolean | null;
  /** The keyword of the validator's first error, when it said invalid. */
  readonly errorKeyword?: string;
}

export interface DesignDeviation {
  readonly reason: string;
  /** Whether a differing verdict is this deviation and nothing else. */
  readonly explains: (verdict: Verdict) => boolean;
}

/**
 * Keyword files where typewire behaves differently on purpose. format.json
 * expects `format` to be an annotation only (draft 2020-12's default); typewire
 * asserts it, so exactly the strings the suite calls "only an annotation" are
 * rejected, by the `format` keyword. Other failures in the file still count.
 */
export const DESIGN_DEVIATIONS: Readonly<Record<string, DesignDeviation>> = {
  'format.json': {
    reason: 'formats are asserted: a string that is not in its format is invalid (draft 2020-12 makes format an annotation by default)',
    explains: (v) => v.expected && v.actual === false && typeof v.data === 'string' && v.errorKeyword === 'format',
  },
};

/**
 * optional/format files (format assertion) where ajv-formats, which generated
 * validators check formats with, is known to disagree with the suite. They are
 * reported but not required; every other file for a format typewire knows is.
 */
export const FORMAT_GAPS: Readonly<Record<string, string>> = {
  'optional/format/date-time.json': 'ajv-formats accepts an offset without minutes and hour 24 with a leap second, and rejects a 15-digit second fraction',
  'optional/format/duration.json': 'ajv-formats accepts years and days without months (P1Y2D) and hours and seconds without minutes (PT1H2S)',
  'optional/format/ecmascript-regex.json': 'ajv-formats checks "regex" without the u flag, so it accepts \\a',
  'optional/format/email.json': 'ajv-formats rejects quoted local parts and IP address literals',
  'optional/format/hostname.json': 'ajv-formats accepts a trailing dot and does not check A-label (Punycode) rules',
  'optional/format/uri-reference.json':
    'ajv-formats accepts a double quote or brackets in a path, a non-numeric port, two @ in an authority, a colon in the first segment of a relative path and a leading zero in an embedded IPv4 address',
  'optional/format/uri-template.json': 'ajv-formats rejects dotted variable names and apostrophes, and accepts a DEL character',
  'optional/format/uri.json': 'ajv-formats accepts a non-numeric port, a leading zero in an embedded IPv4 address and brackets in a path',
  'optional/format/uuid.json': 'ajv-formats accepts the urn:uuid: prefix',
};

/**
 * Why the generator refuses a schema by design, or undefined. Such a group is
 * outside what typewire supports (its schema never becomes a validator), the
 * same as a group using an unsupported keyword.
 */
export function refusalReason(schema: unknown): string | undefined {
  const problem = protoPropertyProblems(schema)[0];
  return problem === undefined ? undefined : `refused: ${problem.message}`;
}
