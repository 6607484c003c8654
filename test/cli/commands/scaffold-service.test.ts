import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-cli-scaffold-'));
  assertBuilt();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('typewire scaffold service', () => {
  it('writes the schema, handler and test and lists them', () => {
    const result = runCli(['scaffold', 'service', 'inventory'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('created schemas/services/inventory.service.json');
    expect(result.stdout).toContain('created src/services/inventory.ts');
    expect(result.stdout).toContain('created test/inventory.test.ts');
    expect(readFileSync(join(work, 'src/services/inventory.ts'), 'utf8')).toContain('defineInventoryService');
  });

  it('refuses to overwrite: exit 1, CONFIG_INVALID, the file unchanged', () => {
    const schema = join(work, 'schemas/services/inventory.service.json');
    const before = readFileSync(schema, 'utf8');
    const result = runCli(['scaffold', 'service', 'inventory'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: refusing to overwrite schemas\/services\/inventory\.service\.json/m);
    expect(readFileSync(schema, 'utf8')).toBe(before);
  });

  it('rejects an invalid service name with exit 1', () => {
    const result = runCli(['scaffold', 'service', 'Bad_Name'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: service name "Bad_Name"/m);
    expect(existsSync(join(work, 'src/services/Bad_Name.ts'))).toBe(false);
  });
});
