/**
 * With @opentelemetry/api enabled, the spans a runtime makes for calls and
 * handlers go through OpenTelemetry's tracer, linked parent to child, and
 * application spans started inside a handler nest under the handler's span.
 */
import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../../runtime/node-runtime.js';
import { createClient } from '../../../../runtime/rpc/create-client.js';
import { defineService } from '../../../../runtime/rpc/define-service.js';
import type { Runtime } from '../../../../runtime/runtime.js';
import { createInProcessPair } from '../../../../runtime/transport/in-process.js';
import { disableOpenTelemetry, enableOpenTelemetry } from '../../../../runtime/observability/tracing/open-telemetry.js';
import { ShopService } from '../../fixtures/shop.js';
import { AlsContextManager, RecordingTracer } from '../tracing/otel-fakes.js';

const open: Runtime[] = [];
let tracer: RecordingTracer;

beforeEach(async () => {
  tracer = new RecordingTracer();
  const provider: TracerProvider = { getTracer: () => tracer };
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AlsContextManager());
  expect(await enableOpenTelemetry()).toBe(true);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  disableOpenTelemetry();
  trace.disable();
  context.disable();
});

describe('a traced runtime with OpenTelemetry enabled', () => {
  it('sends call and handler spans through the OpenTelemetry tracer, across a link', async () => {
    const server = createRuntime({ tracing: true, onError: () => undefined });
    const client = createRuntime({ tracing: true, onError: () => undefined });
    open.push(server, client);
    server.serve(
      defineService(ShopService, {
        place: async (order) => {
          trace.getTracer('app').startSpan('db.insert').end();
          return { orderId: order.sku, cents: 0n };
        },
        subscriptions: { anyOrder: () => undefined },
      }),
    );
    const [a, b] = createInProcessPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    await createClient(client, ShopService).place({ sku: 'KBD-1', quantity: 1, cents: 100n });

    const call = tracer.spans.find((s) => s.name === 'shop.place' && s.options.kind === 2);
    const handler = tracer.spans.find((s) => s.name === 'shop.place' && s.options.kind === 1);
    const inner = tracer.spans.find((s) => s.name === 'db.insert');
    expect(call?.options.root).toBe(true);
    expect(handler?.parent).toMatchObject({ traceId: call?.context.traceId, spanId: call?.context.spanId, isRemote: true });
    expect(inner?.parent?.spanId).toBe(handler?.context.spanId);
    expect([call?.ended, handler?.ended, inner?.ended]).toEqual([true, true, true]);
  });
});
