import { describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { createBackoff } from '../../../runtime/net/backoff.js';
import type { StateChange } from '../../../runtime/net/client.js';
import type { NetServer } from '../../../runtime/net/server.js';
import { connect } from '../../../runtime/net/tcp/tcp.js';
import { parseTcpUrl } from '../../../runtime/net/tcp/tcp-dial.js';
import { createClient } from '../../../runtime/rpc/create-client.js';
import { defineService } from '../../../runtime/rpc/define-service.js';
import type { Runtime } from '../../../runtime/runtime.js';
import { ShopService, type Placed } from '../fixtures/shop.js';
import { client, runtime, server, waitFor } from './harness.js';

const shopHandlers = (served: string[] = []) =>
  defineService(ShopService, {
    async place(order, ctx) {
      served.push(order.sku);
      if (order.sku === 'SLOW') await new Promise((resolve) => setTimeout(resolve, 200));
      await ctx.emit('placed', { orderId: order.sku });
      return { orderId: order.sku, cents: order.cents };
    },
    subscriptions: { anyOrder: () => undefined },
  });

/** A server runtime that records every `shop.order.placed` it receives; restartable on a fixed port. */
async function recordingServer(port = 0): Promise<{ r: Runtime; s: NetServer; placed: string[] }> {
  const r = runtime({ source: 'server' });
  const placed: string[] = [];
  r.subscribe(ShopService.events.placed, (e) => {
    placed.push(e.orderId);
  });
  for (let attempt = 0; ; attempt++) {
    try {
      return { r, s: await server(r, { port }), placed };
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the old listener may still hold the port
    }
  }
}

describe('backoff', () => {
  it('doubles from initialMs up to maxMs, with jitter taking off at most its fraction', () => {
    const none = createBackoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0 });
    expect([0, 1, 2, 3, 4, 60].map(none)).toEqual([100, 200, 400, 800, 1000, 1000]);
    const full = createBackoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0.999999 });
    expect([0, 1, 4].map(full)).toEqual([50, 100, 500]);
    expect(() => createBackoff({ initialMs: 10, maxMs: 5 })).toThrow(/initialMs/);
  });

  it('reads tcp URLs', () => {
    expect(parseTcpUrl('tcp://example.com:9000')).toEqual({ host: 'example.com', port: 9000 });
    expect(parseTcpUrl('tcp://[::1]')).toEqual({ host: '::1', port: 7420 });
    expect(() => parseTcpUrl('ws://x')).toThrow(/tcp:\/\//);
  });
});

describe('requests over TCP', () => {
  it('times out with TIMEOUT_REQUEST and keeps working', async () => {
    const r = runtime();
    r.serve(shopHandlers());
    const s = await server(r);
    const c = runtime();
    await client(c, s);
    const shop = createClient(c, ShopService);
    const error = await shop.place({ sku: 'SLOW', quantity: 1, cents: 1n }, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TIMEOUT_REQUEST');
    expect(await shop.place({ sku: 'OK', quantity: 1, cents: 5n })).toEqual({ orderId: 'OK', cents: 5n });
  });

  it('fails fast with TRANSPORT_NO_RESPONDERS for a method nobody serves', async () => {
    const s = await server(runtime());
    const c = runtime();
    await client(c, s);
    const error = await createClient(c, ShopService).place({ sku: 'X', quantity: 1, cents: 1n }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TRANSPORT_NO_RESPONDERS');
  });
});

describe('reconnection', () => {
  it('survives a server killed and restarted while clients publish: reconnects and resubscribes by itself', async () => {
    const first = await recordingServer();
    const port = first.s.port!;
    const publisherRuntime = runtime({ source: 'publisher' });
    const publisher = await client(publisherRuntime, port);
    const listenerRuntime = runtime({ source: 'listener' });
    const listener = await client(listenerRuntime, port);
    const heard: string[] = [];
    listenerRuntime.subscribe(ShopService.events.placed, (e) => {
      heard.push(e.orderId);
    });
    await listenerRuntime.flush();
    const states: string[] = [];
    publisher.onStateChange((change) => states.push(change.state));

    const events = createClient(publisherRuntime, ShopService).events.placed;
    let n = 0;
    let publishing = true;
    const failures: unknown[] = [];
    const loop = (async () => {
      while (publishing) {
        await events.publish({ orderId: `m${n++}` }).catch((e: unknown) => failures.push(e));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();

    await waitFor(() => first.placed.length > 5 && heard.length > 5, 'traffic through the first server');
    await first.s.terminate();
    await first.r.close();
    await waitFor(() => publisher.state !== 'connected' && listener.state !== 'connected', 'both clients to notice');

    const second = await recordingServer(port);
    await waitFor(() => publisher.state === 'connected' && listener.state === 'connected', 'both clients to reconnect');
    const heardBefore = heard.length;
    await waitFor(() => second.placed.length > 5, 'the publisher to reach the new server');
    await waitFor(() => heard.length > heardBefore + 5, 'the listener, resubscribed, to hear the publisher again');
    publishing = false;
    await loop;

    expect(failures).toEqual([]);
    expect(states.slice(0, 2)).toEqual(['disconnected', 'reconnecting']);
    expect(states.at(-1)).toBe('connected');
    expect(second.s.sessions.size).toBe(2);
  });

  it('buffers while disconnected, refuses past the bound with TRANSPORT_BUFFER_FULL, and delivers the buffer after reconnecting', async () => {
    const first = await recordingServer();
    const port = first.s.port!;
    const c = runtime();
    const net = await client(c, port, { maxBufferedMessages: 3 });
    const events = createClient(c, ShopService).events.placed;
    await first.s.terminate();
    await first.r.close();
    await waitFor(() => net.state !== 'connected', 'the client to notice');

    for (const id of ['b1', 'b2', 'b3']) await events.publish({ orderId: id });
    expect(net.buffered).toBe(3);
    const refused = await events.publish({ orderId: 'b4' }).catch((e: unknown) => e);
    expect((refused as TypewireError).code).toBe('TRANSPORT_BUFFER_FULL');
    const call = await createClient(c, ShopService).place({ sku: 'X', quantity: 1, cents: 1n }).catch((e: unknown) => e);
    expect((call as TypewireError).code).toBe('TRANSPORT_BUFFER_FULL');

    const second = await recordingServer(port);
    await waitFor(() => second.placed.length === 3, 'the buffered events');
    expect(second.placed).toEqual(['b1', 'b2', 'b3']);
    expect(net.buffered).toBe(0);
  });

  it('reports connection states and gives up after maxAttempts', async () => {
    const first = await recordingServer();
    const changes: StateChange[] = [];
    const net = await client(runtime(), first.s, { reconnect: { initialMs: 1, maxMs: 2, maxAttempts: 2 } });
    net.onStateChange((change) => changes.push(change));
    await first.s.terminate();
    await waitFor(() => net.state === 'closed', 'the client to give up');
    expect(changes.map((c) => c.state)).toEqual(['disconnected', 'reconnecting', 'reconnecting', 'closed']);
    expect(changes.map((c) => c.attempt)).toEqual([undefined, 1, 2, undefined]);
    expect(changes.at(-1)?.reason?.code).toBe('TRANSPORT_CLOSED');
  });

  it('stops for good when its runtime closes (no reconnect behind the runtime’s back)', async () => {
    const first = await recordingServer();
    const r = runtime();
    const net = await client(r, first.s);
    await r.close();
    expect(net.state).toBe('closed');
    await waitFor(() => first.s.sessions.size === 0, 'the server to see the client leave');
    expect(net.state).toBe('closed');
  });

  it('rejects the first connection at once when the server is not there', async () => {
    const first = await recordingServer();
    const port = first.s.port!;
    await first.s.terminate();
    const error = await connect(runtime(), { port, onError: () => undefined }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TRANSPORT_CLOSED');
    expect((error as TypewireError).details).toMatchObject({ reason: 'connect-failed', port });
  });
});

describe('transport modes and relayed interest', () => {
  async function listener(s: NetServer): Promise<{ r: Runtime; heard: string[] }> {
    const r = runtime();
    await client(r, s);
    const heard: string[] = [];
    r.subscribe(ShopService.events.placed, (e: Placed) => {
      heard.push(e.orderId);
    });
    await r.flush();
    return { r, heard };
  }

  it('refuses to connect or serve a local-mode runtime', async () => {
    const r = runtime({ mode: 'local' });
    await expect(server(r)).rejects.toThrow(/local-mode/);
    expect(() => r.attach({ send: () => undefined, onFrame: () => undefined, onClose: () => undefined, close: () => undefined, closed: false })).toThrow(/local mode/);
  });

  it('hybrid: the server relays client subscriptions, so a client event reaches another client', async () => {
    const s = await server(runtime());
    const a = await listener(s);
    const b = runtime();
    await client(b, s);
    await createClient(b, ShopService).events.placed.publish({ orderId: 'relayed' });
    await waitFor(() => a.heard.length === 1, 'the relayed event');
    expect(a.heard).toEqual(['relayed']);
  });

  it('without relay, hybrid clients send only what the server wants; remote clients send everything', async () => {
    const s = await server(runtime(), { relayInterest: false });
    const a = await listener(s);
    const hybrid = runtime({ mode: 'hybrid' });
    await client(hybrid, s);
    await createClient(hybrid, ShopService).events.placed.publish({ orderId: 'hybrid' });
    const remote = runtime({ mode: 'remote' });
    await client(remote, s);
    await createClient(remote, ShopService).events.placed.publish({ orderId: 'remote' });
    await waitFor(() => a.heard.length === 1, 'the remote-mode event');
    await hybrid.flush();
    await a.r.flush();
    expect(a.heard).toEqual(['remote']);
    expect(hybrid.stats().sentRemote).toBe(0);
    expect(remote.stats().sentRemote).toBe(1);
  });

  it('serves a method hosted by a client to other clients, through the server', async () => {
    const s = await server(runtime());
    const worker = runtime();
    await client(worker, s);
    const served: string[] = [];
    worker.serve(shopHandlers(served));
    await worker.flush();
    const caller = runtime();
    await client(caller, s);
    expect(await createClient(caller, ShopService).place({ sku: 'W', quantity: 1, cents: 2n })).toEqual({ orderId: 'W', cents: 2n });
    expect(served).toEqual(['W']);
  });

  it('never loses a request in a queue group spread over the server and a client that calls it', async () => {
    const serverRuntime = runtime();
    const onServer: string[] = [];
    serverRuntime.serve(shopHandlers(onServer));
    const s = await server(serverRuntime);
    const worker = runtime();
    await client(worker, s);
    const onWorker: string[] = [];
    worker.serve(shopHandlers(onWorker));
    await worker.flush();
    const shop = createClient(worker, ShopService);
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => shop.place({ sku: `q${i}`, quantity: 1, cents: 1n }, { timeoutMs: 2000 })));
    expect(replies).toHaveLength(40);
    expect(onServer.length + onWorker.length).toBe(40);
    expect(onServer.length).toBeGreaterThan(0);
    expect(onWorker.length).toBeGreaterThan(0);
  });
});
