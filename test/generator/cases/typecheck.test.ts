/**
 * The generated TypeScript compiles under the project's strict settings:
 * the example schemas (generated fresh) and every golden case's expected
 * output, together with type tests that the explicit client interfaces and
 * the runtime's mapped types (`ServiceClient<S>`) are assignable both ways and
 * that wrong types are refused. `typewire/codegen` resolves to
 * runtime/codegen.ts through the `typewire-source` condition (tsconfig.json).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../generator/generate.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
mkdirSync(join(REPO, 'test-artifacts'), { recursive: true });
const work = mkdtempSync(join(REPO, 'test-artifacts', 'typecheck-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Type tests over the generated examples (schemas/). Each `@ts-expect-error` must find an error. */
const CHECKS = `
import type { ServiceClient, ServiceHandlers } from '../../runtime/rpc/types.js';
import {
  ChatService, OrdersService, TelemetryService,
  type ChatClient, type OrdersClient, type TelemetryClient, type OrdersPlaceOrderError, type TelemetryHandlers, type PlaceOrderRequest,
} from './examples/index.js';

declare function client<S>(): S;
// Explicit interfaces and the runtime's mapped types agree, both ways.
export const a1: OrdersClient = client<ServiceClient<typeof OrdersService>>();
export const a2: ServiceClient<typeof OrdersService> = client<OrdersClient>();
export const b1: ChatClient = client<ServiceClient<typeof ChatService>>();
export const b2: ServiceClient<typeof ChatService> = client<ChatClient>();
export const c1: TelemetryClient = client<ServiceClient<typeof TelemetryService>>();
export const c2: ServiceClient<typeof TelemetryService> = client<TelemetryClient>();

// Declared errors: the code narrows the details.
declare const error: OrdersPlaceOrderError;
if (error.code === 'OUT_OF_STOCK') {
  const available: number = error.details.available;
  void available;
}

// bigint and bytes fields.
export const request: PlaceOrderRequest = {
  customerId: 'c1',
  items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 250n }],
  shipping: { street: 'Main 1', city: 'Town', country: 'DE' },
};
export const wrongPrice: PlaceOrderRequest = {
  customerId: 'c1',
  // @ts-expect-error a 64-bit integer is a bigint, not a number
  items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 250 }],
  shipping: { street: 'Main 1', city: 'Town', country: 'DE' },
};

// Handlers: typed requests, responses and subscription payloads.
export const telemetry: TelemetryHandlers = {
  stats: async (req) => ({ count: req.metric === 'pressure' ? 1 : 0 }),
  subscriptions: {
    temperatures: async (reading) => {
      const at: bigint = reading.at;
      const raw: Uint8Array | undefined = reading.raw;
      void at;
      void raw;
    },
    everything: async () => undefined,
  },
};
export const orders: ServiceHandlers<typeof OrdersService> = {
  // @ts-expect-error the response needs orderId, status and totalCents
  placeOrder: async () => ({ orderId: 'o1' }),
  getOrder: async (req) => ({ orderId: req.orderId, status: 'accepted', totalCents: 1n }),
};
export async function call(orders: OrdersClient): Promise<void> {
  // @ts-expect-error the request type is checked
  await orders.getOrder({ id: 'x' });
  const reply = await orders.getOrder({ orderId: 'x' });
  const status: 'accepted' | 'backordered' = reply.status;
  void status;
}
`;

describe('generated TypeScript', () => {
  it('typechecks under strict mode (examples and golden cases)', async () => {
    const result = await generate({ schemasDir: join(REPO, 'schemas'), outDir: join(work, 'examples') });
    if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
    writeFileSync(join(work, 'checks.ts'), CHECKS);
    const tsconfig = {
      extends: relative(work, join(REPO, 'tsconfig.json')),
      compilerOptions: { rootDir: relative(work, REPO), noEmit: true },
      include: ['examples/**/*.ts', 'checks.ts', `${relative(work, join(REPO, 'test/generator/cases'))}/*/expected/**/*.ts`],
      exclude: [],
    };
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(tsconfig));
    const parsed = ts.getParsedCommandLineOfConfigFile(join(work, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (parsed === undefined) throw new Error('cannot read tsconfig');
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const generatedRoots = [work, join(REPO, 'test/generator/cases')];
    // Only diagnostics in generated code (and the checks) count: runtime/ is other people's work in progress.
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || generatedRoots.some((root) => d.file!.fileName.startsWith(root)))
      .map((d) => {
        const where = d.file === undefined ? '' : `${relative(REPO, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
        return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
    // the checks file really was part of the program
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('checks.ts'))).toBe(true);
    expect(parsed.fileNames.filter((f) => f.includes('/expected/')).length).toBeGreaterThan(20);
  });
});
