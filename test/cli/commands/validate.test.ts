import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, REPO_ROOT, runCli } from '../helpers/run-cli.js';

const SCHEMAS = join(REPO_ROOT, 'schemas');
let work: string;

const validOrder = {
  customerId: 'c-1',
  items: [
    { sku: 'ABC-1234', quantity: 2, unitPriceCents: '1999' },
    { sku: 'XYZ-0001', quantity: 1, unitPriceCents: 250 },
  ],
  shipping: { street: '1 Main St', city: 'Springfield', country: 'US' },
};
const badSku = { ...validOrder, items: [{ sku: 'bad', quantity: 1, unitPriceCents: '5' }] };

function write(name: string, content: unknown): string {
  const file = join(work, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

function validate(type: string, files: string[], extra: string[] = []): ReturnType<typeof runCli> {
  return runCli(['validate', '--schemas', SCHEMAS, '--type', type, ...extra, ...files], { cwd: work });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-cli-validate-'));
  assertBuilt();
  write('order.json', validOrder);
  write('bad-sku.json', badSku);
  write('not-json.json', '{ "customerId": ');
  write('reading.json', { deviceId: 'd-1', value: 21.5, unit: 'celsius', at: '1700000000000000000', raw: 'AQID', tags: { site: 'a' } });
  write('reading-overflow.json', { deviceId: 'd-1', value: 1, unit: 'celsius', at: '99999999999999999999' });
  write('reading-lossy.json', '{ "deviceId": "d-1", "value": 1, "unit": "celsius", "at": 9007199254740993 }');
  write('reading-bad-bytes.json', { deviceId: 'd-1', value: 1, unit: 'celsius', at: 1, raw: 'not base64!' });
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('typewire validate', () => {
  it('exits 0 for a valid message, with int64 fields given as strings and numbers', () => {
    const result = validate('PlaceOrderRequest', ['order.json']);
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^valid\s+order\.json$/m);
    expect(result.stdout).toMatch(/^1 of 1 file valid as PlaceOrderRequest$/m);
  });

  it('restores bytes (base64) and int64 before validating', () => {
    const ok = validate('TelemetryReading', ['reading.json']);
    expect(ok.status, describeRun(ok)).toBe(0);
    const overflow = validate('TelemetryReading', ['reading-overflow.json']);
    expect(overflow.status, describeRun(overflow)).toBe(1);
    expect(overflow.stderr).toMatch(/^reading-overflow\.json#\/at: VALIDATION_FAILED /m);
  });

  it("decodes like the runtime's JSON codec: a lossy int64 number or bad base64 cannot be decoded", () => {
    const result = validate('TelemetryReading', ['reading-lossy.json', 'reading-bad-bytes.json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^reading-lossy\.json: SERIALIZATION_DECODE_FAILED .*at.*decimal string/m);
    expect(result.stderr).toMatch(/^reading-bad-bytes\.json: SERIALIZATION_DECODE_FAILED .*raw.*base64/m);
  });

  it('exits 1 for an invalid message, naming the instance pointer and the schema path', () => {
    const result = validate('PlaceOrderRequest', ['bad-sku.json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^bad-sku\.json#\/items\/0\/sku: VALIDATION_FAILED .*pattern.*\(schema #\/\S*pattern\)$/m);
    expect(result.stderr).toMatch(/^error VALIDATION_FAILED: 0 of 1 file valid as PlaceOrderRequest$/m);
  });

  it('checks every file: a file that is not JSON fails on its own', () => {
    const result = validate('PlaceOrderRequest', ['order.json', 'not-json.json', 'missing.json', 'bad-sku.json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stdout).toMatch(/^valid\s+order\.json$/m);
    expect(result.stderr).toMatch(/^not-json\.json: SERIALIZATION_DECODE_FAILED \S/m);
    expect(result.stderr).toMatch(/^missing\.json: NOT_FOUND_FILE cannot read the file/m);
    expect(result.stderr).toMatch(/^bad-sku\.json#\/items\/0\/sku: VALIDATION_FAILED/m);
  });

  it('--json prints one result per file with code, instance path and message', () => {
    const result = validate('PlaceOrderRequest', ['order.json', 'bad-sku.json', 'not-json.json'], ['--json']);
    expect(result.status, describeRun(result)).toBe(1);
    const parsed = JSON.parse(result.stdout) as Array<{ file: string; valid: boolean; errors: Array<Record<string, unknown>> }>;
    expect(parsed.map((r) => [r.file, r.valid])).toEqual([
      ['order.json', true],
      ['bad-sku.json', false],
      ['not-json.json', false],
    ]);
    expect(parsed[0]!.errors).toEqual([]);
    expect(parsed[1]!.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED', path: '/items/0/sku', message: expect.stringContaining('pattern') });
    expect(parsed[1]!.errors[0]!['schemaPath']).toMatch(/pattern$/);
    expect(parsed[2]!.errors[0]).toMatchObject({ code: 'SERIALIZATION_DECODE_FAILED', path: '' });
  });

  it('an unknown type exits 1 with NOT_FOUND_MESSAGE_TYPE and close names', () => {
    const result = validate('PlaceOrderReqest', ['order.json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error NOT_FOUND_MESSAGE_TYPE: no message type "PlaceOrderReqest".*did you mean PlaceOrderRequest/m);
  });

  it('an unknown type with --json is a JSON error carrying the suggestions', () => {
    const result = validate('Order', ['order.json'], ['--json']);
    expect(result.status, describeRun(result)).toBe(1);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; details: { suggestions: string[] } } };
    expect(parsed.error.code).toBe('NOT_FOUND_MESSAGE_TYPE');
    expect(parsed.error.details.suggestions).toContain('OrderPlaced');
  });
});
