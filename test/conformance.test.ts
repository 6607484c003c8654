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
});

describe('conformance failure detection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-fake-suite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
});
