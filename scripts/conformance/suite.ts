/**
 * Reads the JSON Schema Test Suite (draft 2020-12) from disk: which keyword
 * files there are and the test groups in each.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteTest {
  readonly description: string;
  readonly data: unknown;
  readonly valid: boolean;
}

export interface SuiteGroup {
  readonly description: string;
  readonly schema: unknown;
  readonly tests: ReadonlyArray<SuiteTest>;
}

export interface KeywordFile {
  /** Relative to tests/draft2020-12, posix separators: `minLength.json`, `optional/format/email.json`. */
  readonly name: string;
  /** Files under optional/ are reported but never required to pass. */
  readonly optional: boolean;
  readonly groups: ReadonlyArray<SuiteGroup>;
}

export interface SuiteLocation {
  /** The suite's root (holds tests/ and remotes/). */
  readonly root: string;
  readonly testsDir: string;
  readonly remotesDir: string;
}

/** The suite beside the repository (`../shared/conformance/json-schema-test-suite`), or undefined if absent. */
export function locateSuite(root: string): SuiteLocation | undefined {
  const testsDir = join(root, 'tests', 'draft2020-12');
  if (!existsSync(testsDir)) return undefined;
  return { root, testsDir, remotesDir: join(root, 'remotes') };
}

function jsonFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

/**
 * The keyword files to run: every top-level file, and optional/format/* (the
 * rest of optional/ tests behaviour JSON Schema leaves to implementations).
 * `only` keeps files whose name without `.json` is listed (`minLength`,
 * `optional/format/email`).
 */
export function listKeywordFiles(location: SuiteLocation, only?: ReadonlyArray<string>): string[] {
  const names = [
    ...jsonFiles(location.testsDir),
    ...jsonFiles(join(location.testsDir, 'optional', 'format')).map((f) => `optional/format/${f}`),
  ];
  if (only === undefined) return names;
  const wanted = new Set(only.map((o) => o.replace(/\.json$/, '')));
  return names.filter((n) => wanted.has(n.replace(/\.json$/, '')));
}

export function loadKeywordFile(location: SuiteLocation, name: string): KeywordFile {
  const groups = JSON.parse(readFileSync(join(location.testsDir, ...name.split('/')), 'utf8')) as SuiteGroup[];
  return { name, optional: name.startsWith('optional/'), groups };
}
