import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../../runtime/node-runtime.js';
import type { AdminServer } from '../../../../runtime/observability/metrics/admin-server.js';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';
import { startRuntimeAdmin } from '../../../../runtime/observability/wiring/runtime-admin.js';

const servers: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('startRuntimeAdmin', () => {
  it('refuses a runtime created without metrics', async () => {
    const runtime = createRuntime();
    await expect(startRuntimeAdmin(runtime, { port: 0 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
    await runtime.close();
  });

  it("is ready only while the runtime is open and the application's own check agrees", async () => {
    const runtime = createRuntime({ metrics: new RuntimeMetrics() });
    let appReady = false;
    const admin = await startRuntimeAdmin(runtime, { port: 0, ready: () => appReady });
    servers.push(admin);
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(503);
    appReady = true;
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${admin.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${admin.url}/metrics`)).text()).toContain('# TYPE typewire_messages_received_total counter');
    await runtime.close();
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(503);
  });
});
