/**
 * Reads `typewire.yaml`: parse (yaml) → substitute `${VAR}` → convert
 * substituted numbers and booleans → validate against CONFIG_SCHEMA, filling
 * in defaults → freeze. Every problem found on the way is reported at once,
 * in one CONFIG_INVALID error whose details list each key and reason.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { TypewireError } from '../errors/typewire-error.js';
import { coerceSubstituted } from './coerce-substituted.js';
import { configInvalid, locateProblems, problemsFromAjv, type ConfigProblem } from './config-problems.js';
import { CONFIG_SCHEMA, type TypewireConfig } from './config-schema.js';
import { substituteEnv, type Environment } from './substitute-env.js';

export interface ParseConfigOptions {
  /** Variables for `${VAR}`. Default: `process.env`. */
  readonly env?: Environment;
  /** Named in errors. */
  readonly file?: string;
}

let compiled: ValidateFunction | undefined;

/** Compiled on first use and kept: configuration is read rarely, but hot reload should not recompile. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, verbose: true }).compile(CONFIG_SCHEMA);
  return compiled;
}

/** Parses and validates configuration text. Throws CONFIG_INVALID listing every problem. */
export function parseConfig(text: string, options: ParseConfigOptions = {}): TypewireConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems: ConfigProblem[] = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return { pointer: '', reason: `YAML: ${e.message.split('\n')[0] ?? e.code}`, line, column: col };
    });
    throw configInvalid(problems, options.file);
  }
  const raw: unknown = doc.toJS() ?? {};

  const substituted = substituteEnv(raw, options.env ?? process.env);
  const problems: ConfigProblem[] = [...substituted.problems];
  problems.push(...coerceSubstituted(substituted.value, substituted.whole, CONFIG_SCHEMA));

  const value = substituted.value;
  const validate = validator();
  if (!validate(value)) {
    // A key whose substitution failed is already reported; its leftover text would only add noise.
    const reported = problems.map((p) => p.pointer);
    for (const problem of problemsFromAjv(validate.errors ?? [])) {
      if (!reported.some((p) => problem.pointer === p || problem.pointer.startsWith(`${p}/`))) problems.push(problem);
    }
  }
  if (problems.length === 0) problems.push(...duplicateServices(value as TypewireConfig));
  if (problems.length > 0) throw configInvalid(inFileOrder(dedupe(locateProblems(problems, doc, lines))), options.file);
  return deepFreeze(value as TypewireConfig);
}

/** Reads and validates a configuration file. Throws NOT_FOUND_FILE or CONFIG_INVALID. */
export async function loadConfig(path: string, options: Omit<ParseConfigOptions, 'file'> = {}): Promise<TypewireConfig> {
  return parseConfig(await readConfigText(path), { ...options, file: path });
}

export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new TypewireError('NOT_FOUND_FILE', `cannot read configuration ${path}: ${(cause as Error).message}`, { cause, details: { file: path } });
  }
}

/** Every default applied, as if the file were empty. */
export function defaultConfig(): TypewireConfig {
  return parseConfig('', { env: {} });
}

function duplicateServices(config: TypewireConfig): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  config.services.forEach((service, i) => {
    if (seen.has(service.name)) problems.push({ pointer: `/services/${i}/name`, reason: `service "${service.name}" is listed twice` });
    seen.add(service.name);
  });
  return problems;
}

function dedupe(problems: ReadonlyArray<ConfigProblem>): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\u0000${p.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
