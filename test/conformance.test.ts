/**
 * Runs the conformance script's core on a few keyword files of the JSON Schema
 * Test Suite, so CI exercises the path `npm run conformance` takes: emit a
 * validator, load it as a module importing typewire/codegen, compare verdicts,
 * round-trip valid instances through both codecs.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_FORMATS, SUPPORTED_KEYWORDS } from '../generator/validate/keywords.js';
import { runConformance } from '../scripts/conformance/run.js';
import { locateSuite } from '../scripts/conformance/suite.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suite = locateSuite(join(root, '..', 'shared', 'conformance', 'json-schema-test-suite'));
// vitest has no import.meta.resolve; its module runner loads the TypeScript entry directly.
const codegenUrl = pathToFileURL(join(root, 'runtime', 'codegen.ts')).href;
const common = { codegenUrl, supportedKeywords: SUPPORTED_KEYWORDS, knownFormats: KNOWN_FORMATS };

describe.skipIf(suite === undefined)('conformance on a subset of the suite', () => {
  it('passes the claimed files and says why the other groups are out of scope', async () => {
    const report = await runConformance({ ...common, location: suite!, only: ['minLength', 'maxItems', 'dynamicRef', 'refRemote'] });
    const byName = new Map(report.files.map((f) => [f.file, f]));
    expect([...byName.keys()].sort()).toEqual(['dynamicRef.json', 'maxItems.json', 'minLength.json', 'refRemote.json']);

    for (const name of ['minLength.json', 'maxItems.json']) {
      const file = byName.get(name)!;
      expect(file).toMatchObject({ claimed: true, required: true, ok: true });
      expect(file.total).toBeGreaterThan(0);
      expect(file.passed).toBe(file.total);
      for (const group of file.groups) expect(group.roundTripFailures).toEqual([]);
    }
    // minLength counts code points: the suite's "one supplementary Unicode code point" survives both codecs.
    expect(byName.get('minLength.json')!.groups.reduce((n, g) => n + g.roundTrips, 0)).toBeGreaterThan(0);

    const dynamicRef = byName.get('dynamicRef.json')!;
    expect(dynamicRef.claimed).toBe(false);
    expect(dynamicRef.groups.filter((g) => !g.supported).every((g) => /^keywords: .*\$dynamic/.test(g.reason ?? ''))).toBe(true);

    const refRemote = byName.get('refRemote.json')!;
    expect(refRemote.groups.length).toBeGreaterThan(0);
    for (const group of refRemote.groups) expect(group.reason).toMatch(/^remote-ref/);
  });

  it('passes format.json with only the documented deviation (formats are asserted) and the asserted date format', async () => {
    const report = await runConformance({ ...common, location: suite!, only: ['format', 'optional/format/date'] });
    const [format, date] = report.files;
    expect(format).toMatchObject({ file: 'format.json', required: true, ok: true, deviation: expect.stringContaining('asserted') });
    expect(format!.deviating).toBeGreaterThan(0);
    expect(format!.passed + format!.deviating).toBe(format!.total);
    expect(date).toMatchObject({ file: 'optional/format/date.json', claimed: true, required: true, ok: true });
    expect(date!.passed).toBe(date!.total);
  });
});

describe('conformance failure detection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-fake-suite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A suite of its own under `dir`, holding the given keyword files (name → JSON text). */
  function fakeSuite(name: string, files: Readonly<Record<string, string>>): string {
    const root = join(dir, name);
    for (const [file, text] of Object.entries(files)) {
      const path = join(root, 'tests', 'draft2020-12', ...file.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    return root;
  }
  const group = (description: string, schema: string, tests: ReadonlyArray<[string, string, boolean]>): string =>
    `{ "description": ${JSON.stringify(description)}, "schema": ${schema}, "tests": [${tests
      .map(([test, data, valid]) => `{ "description": ${JSON.stringify(test)}, "data": ${data}, "valid": ${valid} }`)
      .join(', ')}] }`;

  it('fails a claimed keyword file when one verdict disagrees, and names the test', async () => {
    mkdirSync(join(dir, 'tests', 'draft2020-12'), { recursive: true });
    const groups = [
      {
        description: 'maxLength 2',
        schema: { maxLength: 2 },
        tests: [
          { description: 'short', data: 'ab', valid: true },
          { description: 'deliberately wrong expectation', data: 'abc', valid: true },
        ],
      },
    ];
    writeFileSync(join(dir, 'tests', 'draft2020-12', 'maxLength.json'), JSON.stringify(groups));
    const report = await runConformance({ ...common, location: locateSuite(dir)! });
    expect(report.ok).toBe(false);
    const file = report.files[0]!;
    expect(file).toMatchObject({ file: 'maxLength.json', required: true, ok: false, passed: 1, total: 2 });
    expect(file.groups[0]!.failures).toEqual([
      { test: 'deliberately wrong expectation', data: 'abc', expected: true, actual: false },
    ]);
  });

  it('counts a format.json verdict as a deviation only when the format keyword rejected a string', async () => {
    const tests: Array<[string, string, boolean]> = [
      ['annotation only in the suite', '"06/19/1963"', true],
      ['ignores numbers', '12', true],
    ];
    const passing = await runConformance({ ...common, location: locateSuite(fakeSuite('deviation', { 'format.json': `[${group('date', '{ "format": "date" }', tests)}]` }))! });
    expect(passing.ok).toBe(true);
    expect(passing.files[0]).toMatchObject({ required: true, ok: true, passed: 1, deviating: 1, total: 2 });
    expect(passing.files[0]!.groups[0]!.deviations.map((t) => t.test)).toEqual(['annotation only in the suite']);

    const wrong: Array<[string, string, boolean]> = [...tests, ['deliberately wrong expectation', '12', false]];
    const failing = await runConformance({ ...common, location: locateSuite(fakeSuite('not-a-deviation', { 'format.json': `[${group('date', '{ "format": "date" }', wrong)}]` }))! });
    expect(failing.ok).toBe(false);
    expect(failing.files[0]!.groups[0]!.failures.map((t) => t.test)).toEqual(['deliberately wrong expectation']);
  });

  it('requires optional/format files except those with documented gaps', async () => {
    const wrong = (format: string): string => `[${group(format, `{ "format": "${format}" }`, [['deliberately wrong expectation', '"not one"', true]])}]`;
    const root = fakeSuite('formats', { 'optional/format/date.json': wrong('date'), 'optional/format/uuid.json': wrong('uuid'), 'optional/format/idn-email.json': wrong('idn-email') });
    const report = await runConformance({ ...common, location: locateSuite(root)! });
    const byName = new Map(report.files.map((f) => [f.file, f]));
    expect(byName.get('optional/format/date.json')).toMatchObject({ claimed: true, required: true, ok: false });
    expect(byName.get('optional/format/uuid.json')).toMatchObject({ claimed: true, required: false, ok: true, formatGap: expect.stringContaining('ajv-formats') });
    expect(byName.get('optional/format/idn-email.json')).toMatchObject({ claimed: false, required: false, ok: true });
    expect(report.ok).toBe(false);
  });

  it('puts a group whose schema the generator refuses out of scope, with the reason', async () => {
    const proto = group('__proto__ property', '{ "properties": { "__proto__": { "type": "number" } } }', [['deliberately wrong expectation', '{}', false]]);
    const report = await runConformance({ ...common, location: locateSuite(fakeSuite('refused', { 'properties.json': `[${proto}]` }))! });
    expect(report.ok).toBe(true);
    expect(report.files[0]!.groups[0]).toMatchObject({ supported: false, reason: expect.stringMatching(/^refused: .*"__proto__"/) });
  });
});
