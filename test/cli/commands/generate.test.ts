import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, REPO_ROOT, runCli } from '../helpers/run-cli.js';

const SCHEMAS = join(REPO_ROOT, 'schemas');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-cli-generate-'));
  assertBuilt();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface JsonResult {
  ok: boolean;
  files: Array<{ path: string; status: string }>;
  issues: Array<{ code: string; file: string; pointer: string; message: string }>;
}

describe('typewire generate on the example schemas', () => {
  it('generates, then finds everything unchanged, then --check passes', () => {
    const out = join(work, 'fresh');
    const first = runCli(['generate', '--schemas', SCHEMAS, '--out', out], { cwd: work });
    expect(first.status, describeRun(first)).toBe(0);
    expect(first.stdout).toMatch(/^generated \d+ messages, 3 services: \d+ created$/m);
    expect(readdirSync(out)).toContain('index.ts');

    const second = runCli(['generate', '--schemas', SCHEMAS, '--out', out], { cwd: work });
    expect(second.status, describeRun(second)).toBe(0);
    expect(second.stdout).toMatch(/^generated \d+ messages, 3 services: \d+ unchanged$/m);

    const check = runCli(['generate', '--schemas', SCHEMAS, '--out', out, '--check'], { cwd: work });
    expect(check.status, describeRun(check)).toBe(0);
  });

  it('--check exits 1 with SCHEMA_STALE_OUTPUT naming each stale file, and writes nothing', () => {
    const out = join(work, 'stale');
    expect(runCli(['generate', '--schemas', SCHEMAS, '--out', out], { cwd: work }).status).toBe(0);
    const index = join(out, 'index.ts');
    writeFileSync(index, '// edited by hand\n');
    // A file with the generated header that the schemas no longer produce (a renamed message, say).
    writeFileSync(join(out, 'leftover.ts'), readFileSync(join(out, 'routes.ts'), 'utf8'));
    // A user's own file in the out dir is never touched, so it is not stale either.
    writeFileSync(join(out, 'mine.ts'), 'export {};\n');

    const check = runCli(['generate', '--schemas', SCHEMAS, '--out', out, '--check'], { cwd: work });
    expect(check.status, describeRun(check)).toBe(1);
    expect(check.stderr).toMatch(/^stale\/index\.ts: SCHEMA_STALE_OUTPUT would be updated$/m);
    expect(check.stderr).toMatch(/^stale\/leftover\.ts: SCHEMA_STALE_OUTPUT would be deleted$/m);
    expect(check.stderr).toMatch(/^error SCHEMA_STALE_OUTPUT: 2 generated files out of date/m);
    expect(check.stderr).not.toContain('mine.ts');
    expect(readFileSync(index, 'utf8')).toBe('// edited by hand\n');
  });

  it('--check on an empty output folder fails (everything would be created)', () => {
    const check = runCli(['generate', '--schemas', SCHEMAS, '--out', join(work, 'never'), '--check'], { cwd: work });
    expect(check.status, describeRun(check)).toBe(1);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('--json prints { ok, files, issues } and no progress or summary text', () => {
    const result = runCli(['generate', '--schemas', SCHEMAS, '--out', join(work, 'json'), '--json'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    const parsed = JSON.parse(result.stdout) as JsonResult;
    expect(parsed.ok).toBe(true);
    expect(parsed.issues).toEqual([]);
    expect(parsed.files.length).toBeGreaterThan(10);
    expect(parsed.files).toContainEqual({ path: 'json/index.ts', status: 'created' });
    expect(result.stderr).toBe('');
  });
});

describe('typewire generate on broken schemas', () => {
  let schemas: string;

  beforeAll(() => {
    schemas = join(work, 'broken-schemas');
    mkdirSync(join(schemas, 'messages'), { recursive: true });
    mkdirSync(join(schemas, 'services'), { recursive: true });
    writeFileSync(join(schemas, 'messages/broken.json'), '{ "title": "Broken", ');
    writeFileSync(join(schemas, 'messages/ok.json'), JSON.stringify({ title: 'Ok', type: 'object', properties: { a: { type: 'string' } } }));
    writeFileSync(
      join(schemas, 'services/svc.service.json'),
      JSON.stringify({
        service: 'svc',
        version: '1.0.0',
        methods: { run: { request: { $ref: '../messages/missing.json' }, response: { $ref: '../messages/ok.json' } } },
      }),
    );
  });

  it('prints every problem as <file>#<pointer>: <CODE> <message>, exits 1 and writes nothing', () => {
    const out = join(work, 'not-written');
    const result = runCli(['generate', '--schemas', schemas, '--out', out], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^broken-schemas\/messages\/broken\.json(#\S*)?: SCHEMA_PARSE_FAILED \S/m);
    expect(result.stderr).toMatch(/^broken-schemas\/services\/svc\.service\.json#\/methods\/run\/request\S*: SCHEMA_BAD_REF \S/m);
    expect(result.stderr).toMatch(/^error SCHEMA_\w+: \d+ schema problems found; nothing was written$/m);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('--json lists the same problems', () => {
    const result = runCli(['generate', '--schemas', schemas, '--out', join(work, 'not-written'), '--json'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    const parsed = JSON.parse(result.stdout) as JsonResult;
    expect(parsed.ok).toBe(false);
    expect(parsed.files).toEqual([]);
    expect(parsed.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['SCHEMA_PARSE_FAILED', 'SCHEMA_BAD_REF']));
    expect(parsed.issues.find((i) => i.code === 'SCHEMA_PARSE_FAILED')?.file).toBe('broken-schemas/messages/broken.json');
  });

  it('colours the problems for a terminal, and NO_COLOR turns colour off', () => {
    const args = ['generate', '--schemas', schemas, '--out', join(work, 'not-written')];
    const forced = runCli(args, { cwd: work, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[');
    const plain = runCli(args, { cwd: work, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\u001b[');
    expect(plain.status).toBe(1);
  });

  it('a missing schema folder is an error, not an empty success', () => {
    const result = runCli(['generate', '--schemas', join(work, 'no-such-folder'), '--out', join(work, 'x')], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toContain('SCHEMA_NO_INPUT');
  });
});

describe('typewire generate progress on a large schema set', () => {
  let schemas: string;

  beforeAll(() => {
    schemas = join(work, 'large-schemas');
    mkdirSync(join(schemas, 'messages'), { recursive: true });
    for (let i = 1; i <= 100; i++) {
      writeFileSync(join(schemas, `messages/m${i}.json`), JSON.stringify({ title: `M${i}`, type: 'object', properties: { a: { type: 'string' } } }));
    }
  });

  it('prints a plain progress line per 100 files on stderr when not a terminal', () => {
    const result = runCli(['generate', '--schemas', schemas, '--out', join(work, 'large-out')], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stderr).toMatch(/^reading schema files: 100\/100$/m);
    expect(result.stderr).not.toContain('\r');
    expect(result.stdout).toMatch(/^generated 100 messages, 0 services: /m);
  });

  it('prints no progress with --json', () => {
    const result = runCli(['generate', '--schemas', schemas, '--out', join(work, 'large-out-json'), '--json'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  });
});
