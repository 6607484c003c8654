/**
 * Runs the JSON Schema Test Suite through the generator's validator path:
 * emitValidatorModule → ESM module importing typewire/codegen → verdicts,
 * then round-trips each valid instance through the msgpack and JSON codecs.
 */
import { emitValidatorModule, type ValidatorEntry } from '../../generator/emit/validator.js';
import { detectDraft } from '../../generator/resolve/draft.js';
import type { ValidateFunction } from '../../runtime/descriptors.js';
import { fileKeywords, schemaFormats, schemaKeywords, unsupportedNames } from './classify.js';
import { DESIGN_DEVIATIONS, FORMAT_GAPS, refusalReason, type DesignDeviation } from './exceptions.js';
import { createModuleLoader, type ModuleLoader } from './load-module.js';
import { remoteSchemasFor } from './remotes.js';
import { conformanceMessage, roundTripProblems } from './round-trip.js';
import { listKeywordFiles, loadKeywordFile, type SuiteGroup, type SuiteLocation } from './suite.js';
import type { ConformanceReport, FileReport, GroupReport, RoundTripFailure, TestFailure } from './types.js';

export interface ConformanceOptions {
  readonly location: SuiteLocation;
  /** Keyword files to run, by name without `.json` (`minLength`, `optional/format/email`); all when absent. */
  readonly only?: ReadonlyArray<string>;
  /** Absolute URL the emitted `typewire/codegen` import is pointed at. */
  readonly codegenUrl: string;
  readonly supportedKeywords: Iterable<string>;
  /** Formats the generator knows; a group using another format is outside the supported set. */
  readonly knownFormats: Iterable<string>;
}

const EXPORT_NAME = 'validate';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface GroupContext {
  readonly index: number;
  readonly location: SuiteLocation;
  readonly supported: ReadonlySet<string>;
  readonly formats: ReadonlySet<string>;
  readonly loader: ModuleLoader;
  /** The file's documented design deviation, if any. */
  readonly deviation: DesignDeviation | undefined;
}

/** The keyword of a validator's first error (ajv sets `errors` after a false verdict). */
function firstErrorKeyword(validate: ValidateFunction): string | undefined {
  return validate.errors?.[0]?.keyword;
}

async function runGroup(group: SuiteGroup, ctx: GroupContext): Promise<GroupReport> {
  const keywords = schemaKeywords(group.schema);
  const formats = schemaFormats(group.schema);
  const { remotes, missing } = remoteSchemasFor(group.schema, ctx.location.remotesDir);
  for (const remote of remotes) {
    schemaKeywords(remote.schema, keywords);
    schemaFormats(remote.schema, formats);
  }
  const unsupported = unsupportedNames(keywords, ctx.supported);
  const unknownFormats = unsupportedNames(formats, ctx.formats);
  // The front end accepts only the 2020-12 and draft-07 meta-schemas (a custom one is reported).
  const dialect = detectDraft(group.schema);
  let reason: string | undefined;
  if (unsupported.length > 0) reason = `keywords: ${unsupported.join(', ')}`;
  else if (unknownFormats.length > 0) reason = `formats: ${unknownFormats.join(', ')}`;
  else if (missing.length > 0) reason = `remote-ref: no file for ${missing.join(', ')}`;
  else if (!dialect.ok) reason = `dialect: ${dialect.message}`;
  else reason = [group.schema, ...remotes.map((r) => r.schema)].map(refusalReason).find((r) => r !== undefined);

  const base = { description: group.description, total: group.tests.length, deviations: [], roundTrips: 0, roundTripFailures: [], roundTripLimitations: [] };
  // Remote documents go in as extra schemas; the emitter compiles every entry
  // on its own, so a reference between entries does not resolve and such a
  // group lands here as unsupported `remote-ref`.
  const entries: ValidatorEntry[] = [
    { exportName: EXPORT_NAME, schema: group.schema as object | boolean, draft: '2020-12' },
    ...remotes.map((r, i) => ({ exportName: `remote${i}`, schema: r.schema, draft: r.draft })),
  ];
  let validate: ValidateFunction;
  try {
    const code = emitValidatorModule(entries);
    validate = (await ctx.loader.load(code))[EXPORT_NAME] as ValidateFunction;
    if (typeof validate !== 'function') throw new Error(`the emitted module exports no function "${EXPORT_NAME}"`);
  } catch (error) {
    if (reason === undefined && remotes.length > 0) reason = `remote-ref: ${message(error)}`;
    return { ...base, supported: reason === undefined, ...(reason === undefined ? {} : { reason }), error: message(error), passed: 0, failures: [] };
  }
  const supported = reason === undefined;

  const failures: TestFailure[] = [];
  const deviations: TestFailure[] = [];
  const roundTripFailures: RoundTripFailure[] = [];
  const roundTripLimitations: RoundTripFailure[] = [];
  let roundTrips = 0;
  const codecs = supported ? conformanceMessage(`group${ctx.index}`, validate) : undefined;
  for (const test of group.tests) {
    let actual: boolean | null;
    try {
      actual = validate(test.data);
    } catch (error) {
      failures.push({ test: test.description, data: test.data, expected: test.valid, actual: null, error: message(error) });
      continue;
    }
    if (actual !== test.valid) {
      const failure = { test: test.description, data: test.data, expected: test.valid, actual };
      const errorKeyword = actual ? undefined : firstErrorKeyword(validate);
      const explained = ctx.deviation?.explains({ ...failure, ...(errorKeyword === undefined ? {} : { errorKeyword }) }) ?? false;
      (explained ? deviations : failures).push(failure);
    }
    if (codecs !== undefined && test.valid && actual) {
      roundTrips++;
      for (const p of roundTripProblems(codecs, test.data)) (p.limitation === undefined ? roundTripFailures : roundTripLimitations).push({ test: test.description, ...p });
    }
  }
  return {
    ...base,
    supported,
    ...(reason === undefined ? {} : { reason }),
    passed: group.tests.length - failures.length - deviations.length,
    failures,
    deviations,
    roundTrips,
    roundTripFailures,
    roundTripLimitations,
  };
}

function groupOk(g: GroupReport): boolean {
  return !g.supported || (g.error === undefined && g.failures.length === 0 && g.roundTripFailures.length === 0);
}

async function runFile(name: string, ctx: Omit<GroupContext, 'index' | 'deviation'>): Promise<FileReport> {
  const file = loadKeywordFile(ctx.location, name);
  const deviation = DESIGN_DEVIATIONS[name];
  const groups: GroupReport[] = [];
  for (const [index, group] of file.groups.entries()) groups.push(await runGroup(group, { ...ctx, index, deviation }));
  const keywords = fileKeywords(name);
  const supported = ctx.supported;
  // A file about no single keyword (boolean_schema) is claimed when all its groups are; an
  // optional/format file (typewire asserts formats) when one of its formats is known.
  let claimed: boolean;
  if (file.optional) claimed = keywords.every((k) => supported.has(k)) && groups.some((g) => g.supported);
  else claimed = keywords.length > 0 ? keywords.every((k) => supported.has(k)) : groups.every((g) => g.supported);
  const formatGap = file.optional ? FORMAT_GAPS[name] : undefined;
  const required = claimed && formatGap === undefined;
  const inScope = groups.filter((g) => g.supported);
  const sum = (list: GroupReport[], pick: (g: GroupReport) => number): number => list.reduce((n, g) => n + pick(g), 0);
  return {
    file: name,
    keywords,
    claimed,
    required,
    ...(deviation === undefined ? {} : { deviation: deviation.reason }),
    ...(formatGap === undefined ? {} : { formatGap }),
    passed: sum(inScope, (g) => g.passed),
    deviating: sum(inScope, (g) => g.deviations.length),
    total: sum(inScope, (g) => g.total),
    passedAll: sum(groups, (g) => g.passed),
    totalAll: sum(groups, (g) => g.total),
    ok: !required || groups.every(groupOk),
    groups,
  };
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const supported = new Set(options.supportedKeywords);
  const loader = createModuleLoader(options.codegenUrl);
  const ctx = { location: options.location, supported, formats: new Set(options.knownFormats), loader };
  const files: FileReport[] = [];
  try {
    for (const name of listKeywordFiles(options.location, options.only)) files.push(await runFile(name, ctx));
  } finally {
    loader.dispose();
  }
  const groups = files.flatMap((f) => f.groups);
  const supportedGroups = groups.filter((g) => g.supported);
  return {
    suite: options.location.root,
    supportedKeywords: [...supported].sort(),
    files,
    totals: {
      files: files.length,
      requiredFiles: files.filter((f) => f.required).length,
      failedFiles: files.filter((f) => !f.ok).length,
      groups: groups.length,
      supportedGroups: supportedGroups.length,
      tests: files.reduce((n, f) => n + f.total, 0),
      passed: files.reduce((n, f) => n + f.passed, 0),
      deviating: files.reduce((n, f) => n + f.deviating, 0),
      roundTrips: supportedGroups.reduce((n, g) => n + g.roundTrips, 0),
      roundTripFailures: supportedGroups.reduce((n, g) => n + g.roundTripFailures.length, 0),
      roundTripLimitations: supportedGroups.reduce((n, g) => n + g.roundTripLimitations.length, 0),
    },
    ok: files.every((f) => f.ok),
    durationMs: Date.now() - started,
  };
}
