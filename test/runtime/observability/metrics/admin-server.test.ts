import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startAdminServer, type AdminServer, type AdminServerOptions } from '../../../../runtime/observability/metrics/admin-server.js';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';

describe('startAdminServer', () => {
  let server: AdminServer | undefined;
  const start = async (options: Partial<AdminServerOptions> = {}) => {
    server = await startAdminServer({ metrics: new RuntimeMetrics(), ...options });
    return server;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves Prometheus text at /metrics on a free port', async () => {
    const metrics = new RuntimeMetrics();
    metrics.messageIn('orders.placeOrder', 10);
    const { url, port } = await start({ metrics });
    expect(port).toBeGreaterThan(0);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.contentType);
    expect(await response.text()).toContain('typewire_messages_received_total{subject="orders.placeOrder"} 1');
  });

  it('serves metrics at a configured path only', async () => {
    const { url } = await start({ metricsPath: '/internal/metrics' });
    expect((await fetch(`${url}/internal/metrics?x=1`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('answers /healthz always and /readyz from the callback', async () => {
    let ready: boolean | Error = false;
    const { url } = await start({
      ready: async () => {
        if (ready instanceof Error) throw ready;
        return ready;
      },
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    ready = true;
    const ok = await fetch(`${url}/readyz`);
    expect([ok.status, await ok.text()]).toEqual([200, 'ready\n']);
    ready = new Error('db down');
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });

  it('is ready by default', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('answers HEAD without a body, refuses other methods and unknown paths', async () => {
    const { url } = await start();
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it('serves extra routes, refuses one that shadows a built-in, and reports a failing route as 500', async () => {
    const { url } = await start({
      routes: {
        '/monitor': (_req, res) => void res.end('page'),
        '/broken': () => {
          throw new Error('kaput');
        },
      },
    });
    expect(await (await fetch(`${url}/monitor`)).text()).toBe('page');
    const broken = await fetch(`${url}/broken`);
    expect([broken.status, await broken.text()]).toEqual([500, 'kaput\n']);
    await expect(startAdminServer({ metrics: new RuntimeMetrics(), routes: { '/healthz': () => {} } })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
  });

  it('reports a port in use as a coded error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start({ port })).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { port, reason: 'EADDRINUSE' } });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('closes with a keep-alive connection open', async () => {
    const { url } = await start();
    await fetch(`${url}/healthz`, { headers: { connection: 'keep-alive' } });
    await server?.close();
    server = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
