/**
 * The generated code runs on the real runtime entry (`typewire/codegen`):
 * the example schemas are generated, imported, and their descriptors validate
 * and round-trip messages with bigint and bytes values through both codecs.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generate } from '../../../generator/generate.js';
import type { MessageDescriptor, RouteTable } from '../../../runtime/descriptors.js';

// Vite does not resolve a package's imports of its own name (Node does, through package.json "exports").
vi.mock('typewire/codegen', async () => await import('../../../runtime/codegen.js'));

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
mkdirSync(join(REPO, 'test-artifacts'), { recursive: true });
const work = mkdtempSync(join(REPO, 'test-artifacts', 'runs-'));
let generated: Record<string, unknown>;

beforeAll(async () => {
  const result = await generate({ schemasDir: join(REPO, 'schemas'), outDir: work });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  generated = (await import(pathToFileURL(join(work, 'index.ts')).href)) as Record<string, unknown>;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const descriptor = (name: string): MessageDescriptor<unknown> => generated[name] as MessageDescriptor<unknown>;

describe('generated examples at run time', () => {
  it('contain no require() and import nothing but typewire/codegen and each other', () => {
    const files = readdirSync(work, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const code = readFileSync(join(work, file), 'utf8');
      expect(code, file).not.toContain('require(');
      for (const [, module] of code.matchAll(/^(?:import|export) .* from '([^']+)';$/gm)) expect(module, file).toMatch(/^(typewire\/codegen|\.\.?\/.*\.js)$/);
    }
  });

  it('validate with the precompiled validators, including bigint and bytes fields', () => {
    const reading = descriptor('TelemetryReadingMessage');
    const good = { deviceId: 'd1', value: 21.5, unit: 'celsius', at: 1_700_000_000_000_000_000n, raw: new Uint8Array([1, 2, 3]), tags: { room: 'lab' } };
    expect(reading.validate(good)).toBe(true);
    expect(reading.validate({ ...good, at: 1 })).toBe(false);
    expect(reading.validate.errors?.[0]).toMatchObject({ instancePath: '/at', message: 'must be a bigint (int64)' });
    expect(reading.validate({ ...good, raw: 'AQID' })).toBe(false);
    expect(reading.validate.errors?.[0]).toMatchObject({ instancePath: '/raw', message: 'must be bytes (Uint8Array)' });
  });

  it('round-trip bigint and bytes values through the msgpack and JSON codecs', () => {
    const reading = descriptor('TelemetryReadingMessage');
    const value = { deviceId: 'd1', value: 21.5, unit: 'celsius', at: 2n ** 62n + 1n, raw: new Uint8Array([0, 255, 7]) };
    expect(reading.msgpack.decode(reading.msgpack.encode(value))).toEqual(value);
    expect(reading.json.decode(reading.json.encode(value))).toEqual(value);
    const request = descriptor('PlaceOrderRequestMessage');
    const order = { customerId: 'c1', items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 9_007_199_254_740_993n }], shipping: { street: 's', city: 'c', country: 'DE' } };
    expect(request.validate(order)).toBe(true);
    expect(request.json.decode(request.json.encode(order))).toEqual(order);
  });

  it('export a route table whose messages are the descriptors', () => {
    const routes = generated['routes'] as RouteTable;
    const placeOrder = routes.filter((r) => r.subject === 'orders.placeOrder').map((r) => [r.kind, r.message.name]);
    expect(placeOrder).toEqual([
      ['request', 'PlaceOrderRequest'],
      ['response', 'PlaceOrderResponse'],
    ]);
  });
});
