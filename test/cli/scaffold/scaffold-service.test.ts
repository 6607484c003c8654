import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSpecifier, scaffoldService } from '../../../cli/scaffold/scaffold-service.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

const templatesDir = join(import.meta.dirname, '../../../templates');
let cwd: string;
const defaults = { schemasDir: 'schemas', handlersDir: 'src/services', testsDir: 'test', generatedDir: 'generated' };

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'typewire-scaffold-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function codeOf(thrown: () => unknown): string | undefined {
  try {
    thrown();
  } catch (error) {
    return error instanceof TypewireError ? error.code : 'not a TypewireError';
  }
  return undefined;
}

describe('scaffoldService', () => {
  it('writes the schema, the handler and the test with names from the naming module', () => {
    const result = scaffoldService({ name: 'order-history', templatesDir, cwd, ...defaults });
    expect(result.files).toEqual(['schemas/services/order-history.service.json', 'src/services/order-history.ts', 'test/order-history.test.ts']);

    const schema = JSON.parse(readFileSync(join(cwd, result.files[0]!), 'utf8')) as { service: string; methods: { ping: { request: { title: string } } } };
    expect(schema.service).toBe('order-history');
    expect(schema.methods.ping.request.title).toBe('OrderHistoryPingRequest');

    const handler = readFileSync(join(cwd, result.files[1]!), 'utf8');
    expect(handler).toContain("import { defineOrderHistoryService } from '../../generated/index.js';");
    expect(handler).toContain('export const orderHistoryService = defineOrderHistoryService({');

    const test = readFileSync(join(cwd, result.files[2]!), 'utf8');
    expect(test).toContain("import { createOrderHistoryClient } from '../generated/index.js';");
    expect(test).toContain("import { orderHistoryService } from '../src/services/order-history.js';");
  });

  it('follows custom folders in the import paths', () => {
    scaffoldService({ name: 'inventory', templatesDir, cwd, schemasDir: 'api', handlersDir: 'lib/handlers/deep', testsDir: 'spec', generatedDir: 'src/gen' });
    expect(existsSync(join(cwd, 'api/services/inventory.service.json'))).toBe(true);
    expect(readFileSync(join(cwd, 'lib/handlers/deep/inventory.ts'), 'utf8')).toContain("from '../../../src/gen/index.js'");
    expect(readFileSync(join(cwd, 'spec/inventory.test.ts'), 'utf8')).toContain("from '../lib/handlers/deep/inventory.js'");
  });

  it('refuses to overwrite an existing service file and writes nothing else', () => {
    mkdirSync(join(cwd, 'schemas/services'), { recursive: true });
    writeFileSync(join(cwd, 'schemas/services/inventory.service.json'), '{"mine":true}');
    expect(codeOf(() => scaffoldService({ name: 'inventory', templatesDir, cwd, ...defaults }))).toBe('CONFIG_INVALID');
    expect(readFileSync(join(cwd, 'schemas/services/inventory.service.json'), 'utf8')).toBe('{"mine":true}');
    expect(existsSync(join(cwd, 'src/services/inventory.ts'))).toBe(false);
    expect(existsSync(join(cwd, 'test/inventory.test.ts'))).toBe(false);
  });

  it('rejects names the service schema would not accept', () => {
    for (const name of ['Inventory', '1st', 'has space', 'snake_case', '../escape']) {
      expect(codeOf(() => scaffoldService({ name, templatesDir, cwd, ...defaults })), name).toBe('CONFIG_INVALID');
    }
  });
});

describe('importSpecifier', () => {
  it('always starts with ./ or ../', () => {
    expect(importSpecifier('/p/src', '/p/src/x.js')).toBe('./x.js');
    expect(importSpecifier('/p/test', '/p/generated/index.js')).toBe('../generated/index.js');
  });
});
