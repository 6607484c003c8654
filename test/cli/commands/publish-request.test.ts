/**
 * `typewire request` and `typewire publish` against `typewire serve` hosting
 * the orders service: validation before connecting, bigint-safe replies,
 * error replies with their code, and the handshake refusing a client whose
 * schemas differ (the CLI presents the fingerprints of --schemas).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { writeServeProject } from '../helpers/serve-fixture.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const SCHEMAS = join(REPO_ROOT, 'schemas');
let project: { dir: string; config: string };
let serve: ServeProcess;

const order = {
  customerId: 'c-1',
  items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: '9007199254740993' }],
  shipping: { street: '1 Main St', city: 'Springfield', country: 'US' },
};

beforeAll(async () => {
  assertBuilt();
  project = writeServeProject();
  serve = await startServe(project.config);
}, 30_000);
afterAll(async () => {
  if (serve) expect(await serve.stop()).toBe(0);
  rmSync(project.dir, { recursive: true, force: true });
});

const cli = (args: string[]): ReturnType<typeof runCli> => runCli([...args, '--schemas', SCHEMAS, '--server', serve.server]);

describe('typewire request', () => {
  it('validates, calls and prints the reply with int64 values intact', () => {
    const result = cli(['request', 'orders.placeOrder', JSON.stringify(order)]);
    expect(result.status, describeRun(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ orderId: 'ord-1', status: 'accepted', totalCents: '9007199254740993' });
    const json = cli(['request', 'orders.placeOrder', JSON.stringify(order), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, reply: { totalCents: '9007199254740993' } });
  });

  it('an error reply prints its code and exits 1', () => {
    const result = cli(['request', 'orders.getOrder', '{"orderId":"ord-9"}', '--json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_FOUND', message: 'no order ord-9' } });
  });

  it('an invalid request is VALIDATION_FAILED with the instance and schema paths, before connecting', () => {
    const bad = { ...order, items: [{ sku: 'bad', quantity: 1, unitPriceCents: '1' }] };
    const result = runCli(['request', 'orders.placeOrder', JSON.stringify(bad), '--schemas', SCHEMAS, '--server', '127.0.0.1:1', '--json']);
    expect(result.status, describeRun(result)).toBe(1);
    const error = (JSON.parse(result.stdout) as { error: { code: string; details: { errors: Array<{ path: string; schemaPath: string }> } } }).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.errors[0]).toMatchObject({ path: '/items/0/sku', schemaPath: expect.stringContaining('pattern') });
  });

  it('an unknown method is NOT_FOUND_METHOD with a suggestion; bad JSON is SERIALIZATION_DECODE_FAILED', () => {
    const unknown = cli(['request', 'orders.placeOrdr', '{}']);
    expect(unknown.status, describeRun(unknown)).toBe(1);
    expect(unknown.stderr).toMatch(/^error NOT_FOUND_METHOD: .*did you mean orders\.placeOrder/m);
    const notJson = cli(['request', 'orders.getOrder', '{"orderId":']);
    expect(notJson.status, describeRun(notJson)).toBe(1);
    expect(notJson.stderr).toMatch(/^error SERIALIZATION_DECODE_FAILED: /m);
  });

  it('schemas that differ from the server\'s are refused by the handshake, naming the message', () => {
    const changed = join(project.dir, 'schemas');
    cpSync(SCHEMAS, changed, { recursive: true });
    const file = join(changed, 'messages/get-order-request.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: Record<string, unknown> };
    schema.properties['note'] = { type: 'string' };
    writeFileSync(file, JSON.stringify(schema));
    const result = runCli(['request', 'orders.getOrder', '{"orderId":"ord-1"}', '--schemas', changed, '--server', serve.server]);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error TRANSPORT_SCHEMA_MISMATCH: .*GetOrderRequest/m);
  });

  it('a server that is not there is a coded, non-zero failure', () => {
    const result = runCli(['request', 'orders.getOrder', '{"orderId":"o"}', '--schemas', SCHEMAS, '--server', '127.0.0.1:1', '--timeout', '2000']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error TRANSPORT_[A-Z_]+: /m);
  });

  it('a malformed --server is VALIDATION_BAD_ARGUMENT', () => {
    const result = runCli(['request', 'orders.getOrder', '{"orderId":"o"}', '--schemas', SCHEMAS, '--server', 'nowhere']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error VALIDATION_BAD_ARGUMENT: --server nowhere/m);
  });
});

describe('typewire publish', () => {
  it('publishes a valid event and waits for the server', () => {
    const event = { orderId: 'ord-1', customerId: 'c-1', totalCents: '18014398509481986', lines: 1, placedAt: '2026-01-01T00:00:00Z' };
    const result = cli(['publish', 'order.placed', JSON.stringify(event)]);
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^published order\.placed$/m);
  });

  it('refuses an invalid payload and an undeclared topic with codes', () => {
    const invalid = cli(['publish', 'order.placed', '{"orderId":"x"}', '--json']);
    expect(invalid.status, describeRun(invalid)).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const topic = cli(['publish', 'order.plac', '{}']);
    expect(topic.status, describeRun(topic)).toBe(1);
    expect(topic.stderr).toMatch(/^error VALIDATION_BAD_TOPIC: .*order\.placed/m);
  });
});
