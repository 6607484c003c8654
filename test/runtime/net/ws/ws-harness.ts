/**
 * WebSocket servers and clients for tests, closed after each test (through
 * the shared network harness), and the orders service they serve.
 */
import { routes } from '../../../../generated/index.js';
import { order, serveOrders } from '../orders-fixture.js';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { NetClient } from '../../../../runtime/net/client.js';
import type { NetServer } from '../../../../runtime/net/server.js';
import { connectWs, createWsServer, type WsClientOptions, type WsServerOptions } from '../../../../runtime/net/ws/ws.js';
import type { Runtime } from '../../../../runtime/runtime.js';
import { onCleanup, runtime, track } from '../harness.js';

export { order, serveOrders };

export async function wsServer(r: Runtime, options: WsServerOptions = {}, errors: TypewireError[] = []): Promise<NetServer> {
  const s = await createWsServer(r, { port: 0, onError: (error) => errors.push(error), ...options });
  onCleanup(() => s.terminate());
  return s;
}

/** A server runtime hosting the orders service, and its ws server. */
export async function ordersServer(options: WsServerOptions = {}, errors: TypewireError[] = []): Promise<{ r: Runtime; s: NetServer }> {
  const r = runtime({ source: 'server', routes });
  serveOrders(r);
  return { r, s: await wsServer(r, options, errors) };
}

export async function wsClient(r: Runtime, s: NetServer | number, options: WsClientOptions = {}): Promise<NetClient> {
  const port = typeof s === 'number' ? s : s.port;
  return track(await connectWs(r, { port, reconnect: { initialMs: 10, maxMs: 100 }, onError: () => undefined, ...options }));
}
