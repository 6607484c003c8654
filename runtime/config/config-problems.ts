/**
 * Turns ajv's errors into problems a person can act on: the key as a JSON
 * pointer, a short reason, and (when the YAML source is known) the line.
 */
import type { ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { TypewireError } from '../errors/typewire-error.js';
import { pointerSegment } from './substitute-env.js';
import { unescapeSegment } from './coerce-substituted.js';

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /** JSON pointer of the key (`/server/port`); '' for the whole file. */
  readonly pointer: string;
  readonly reason: string;
  /** 1-based line and column in the file, when known. */
  readonly line?: number;
  readonly column?: number;
  /** The environment variable involved, for substitution problems. */
  readonly variable?: string;
}

/** `details` of a CONFIG_INVALID error raised while loading a configuration. */
export interface ConfigErrorDetails {
  readonly file?: string;
  readonly problems: ReadonlyArray<ConfigProblem>;
}

export function problemsFromAjv(errors: ReadonlyArray<ErrorObject>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const e of errors) {
    // `if` only says "the then-branch failed"; the branch's own error says what is missing.
    if (e.keyword === 'if') continue;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      problems.push({ pointer: `${e.instancePath}/${pointerSegment(params['missingProperty'])}`, reason: 'is required' });
    } else if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      const key = params['additionalProperty'];
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, known);
      const hint = guess ? ` (did you mean "${guess}"?)` : known.length > 0 ? ` (known: ${known.join(', ')})` : '';
      problems.push({ pointer: `${e.instancePath}/${pointerSegment(key)}`, reason: `is not a known setting${hint}` });
    } else if (e.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
      problems.push({ pointer: e.instancePath, reason: `must be one of: ${params['allowedValues'].map(String).join(', ')}` });
    } else {
      problems.push({ pointer: e.instancePath, reason: e.message ?? e.keyword });
    }
  }
  return problems;
}

/** Adds line and column to each problem from the parsed YAML document (the nearest existing node). */
export function locateProblems(problems: ReadonlyArray<ConfigProblem>, doc: Document, lines: LineCounter): ConfigProblem[] {
  return problems.map((problem) => {
    if (problem.line !== undefined) return problem;
    const segments = problem.pointer === '' ? [] : problem.pointer.split('/').slice(1).map(unescapeSegment);
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) {
        const { line, col } = lines.linePos(offset);
        return { ...problem, line, column: col };
      }
    }
    return problem;
  });
}

export function configInvalid(problems: ReadonlyArray<ConfigProblem>, file: string | undefined): TypewireError<'CONFIG_INVALID', ConfigErrorDetails> {
  const where = file === undefined ? 'configuration' : `configuration ${file}`;
  const shown = problems.slice(0, 5).map((p) => `${p.pointer || '(file)'}${p.line === undefined ? '' : ` (line ${p.line})`}: ${p.reason}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  const details: ConfigErrorDetails = file === undefined ? { problems } : { file, problems };
  return new TypewireError('CONFIG_INVALID', `${where} is invalid: ${shown.join('; ')}${more}`, { details });
}

/** The known key a typo most likely meant (edit distance at most 2), if any. */
function closest(key: string, known: ReadonlyArray<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length]!;
}
