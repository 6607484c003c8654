/** The conformance report, as printed and as written by `--json`. */

export interface TestFailure {
  readonly test: string;
  readonly data: unknown;
  readonly expected: boolean;
  /** The validator's verdict; null when it threw. */
  readonly actual: boolean | null;
  readonly error?: string;
}

export interface RoundTripFailure {
  readonly test: string;
  readonly codec: 'msgpack' | 'json';
  readonly problem: string;
}

export interface GroupReport {
  readonly description: string;
  /** Inside what the generator claims: every keyword it uses is supported (and remote refs resolve). */
  readonly supported: boolean;
  /** Why not supported: `keywords: $dynamicRef`, `remote-ref: …`. */
  readonly reason?: string;
  /** The emitter or the module loader failed; no test ran. */
  readonly error?: string;
  readonly passed: number;
  readonly total: number;
  readonly failures: ReadonlyArray<TestFailure>;
  /** Valid instances round-tripped through both codecs (supported groups only). */
  readonly roundTrips: number;
  readonly roundTripFailures: ReadonlyArray<RoundTripFailure>;
}

export interface FileReport {
  /** `minLength.json`, `optional/format/email.json`. */
  readonly file: string;
  readonly keywords: ReadonlyArray<string>;
  /** The generator supports the file's keyword(s). */
  readonly claimed: boolean;
  /** Claimed and not optional: its supported groups must pass 100 %. */
  readonly required: boolean;
  /** Tests in supported groups. */
  readonly passed: number;
  readonly total: number;
  /** Tests in every group that could be compiled, supported or not (for information). */
  readonly passedAll: number;
  readonly totalAll: number;
  readonly ok: boolean;
  readonly groups: ReadonlyArray<GroupReport>;
}

export interface ConformanceTotals {
  readonly files: number;
  readonly requiredFiles: number;
  readonly failedFiles: number;
  readonly groups: number;
  readonly supportedGroups: number;
  readonly tests: number;
  readonly passed: number;
  readonly roundTrips: number;
  readonly roundTripFailures: number;
}

export interface ConformanceReport {
  readonly suite: string;
  readonly supportedKeywords: ReadonlyArray<string>;
  readonly files: ReadonlyArray<FileReport>;
  readonly totals: ConformanceTotals;
  /** Every required file passed: verdicts and round trips of its supported groups. */
  readonly ok: boolean;
  readonly durationMs: number;
}
