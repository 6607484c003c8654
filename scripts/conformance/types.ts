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
  /** Set when the change is a documented codec limitation (then it is not a failure). */
  readonly limitation?: string;
}

export interface GroupReport {
  readonly description: string;
  /** Inside what the generator claims: every keyword it uses is supported (and remote refs resolve). */
  readonly supported: boolean;
  /** Why not supported: `keywords: $dynamicRef`, `remote-ref: …`, `refused: …` (the generator refuses the schema by design). */
  readonly reason?: string;
  /** The emitter or the module loader failed; no test ran. */
  readonly error?: string;
  readonly passed: number;
  readonly total: number;
  /** Verdicts that differ from the suite's and are not explained by a documented deviation. */
  readonly failures: ReadonlyArray<TestFailure>;
  /** Verdicts that differ from the suite's exactly as the file's documented design deviation says. */
  readonly deviations: ReadonlyArray<TestFailure>;
  /** Valid instances round-tripped through both codecs (supported groups only). */
  readonly roundTrips: number;
  readonly roundTripFailures: ReadonlyArray<RoundTripFailure>;
  /** Round trips that changed the value in a documented way (msgpack and `__proto__`). */
  readonly roundTripLimitations: ReadonlyArray<RoundTripFailure>;
}

export interface FileReport {
  /** `minLength.json`, `optional/format/email.json`. */
  readonly file: string;
  readonly keywords: ReadonlyArray<string>;
  /** The generator supports the file's keyword(s). */
  readonly claimed: boolean;
  /**
   * Its supported groups must pass 100 %: claimed, and not an optional/format
   * file with known gaps in the format checker (`formatGap`).
   */
  readonly required: boolean;
  /** The documented design deviation that explains some verdicts (format.json: formats are asserted). */
  readonly deviation?: string;
  /** Why an optional/format file is reported but not required. */
  readonly formatGap?: string;
  /** Tests in supported groups whose verdict matches the suite's. */
  readonly passed: number;
  /** Tests in supported groups whose verdict differs by documented design. */
  readonly deviating: number;
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
  /** Tests whose verdict differs from the suite's by documented design (counted in `tests`, not in `passed`). */
  readonly deviating: number;
  readonly roundTrips: number;
  readonly roundTripFailures: number;
  readonly roundTripLimitations: number;
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
