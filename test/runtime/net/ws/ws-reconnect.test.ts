/**
 * A server killed and restarted on the same port: WebSocket clients reconnect
 * with backoff, resubscribe by themselves, and the generated client works again.
 */
import { expect, it } from 'vitest';
import { createOrdersClient, routes, type OrderPlaced } from '../../../../generated/index.js';
import type { NetServer } from '../../../../runtime/net/server.js';
import type { Runtime } from '../../../../runtime/runtime.js';
import { runtime, waitFor } from '../harness.js';
import { order, serveOrders, wsClient, wsServer } from './ws-harness.js';

async function ordersServerOn(port: number): Promise<{ r: Runtime; s: NetServer }> {
  const r = runtime({ source: 'server', routes });
  serveOrders(r);
  for (let attempt = 0; ; attempt++) {
    try {
      return { r, s: await wsServer(r, { port }) };
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the old listener may still hold the port
    }
  }
}

it('reconnects after a server restart and resubscribes by itself', async () => {
  const first = await ordersServerOn(0);
  const port = first.s.port!;
  const listenerRuntime = runtime({ source: 'listener', routes });
  const listener = await wsClient(listenerRuntime, port);
  const callerRuntime = runtime({ source: 'caller', routes });
  const caller = await wsClient(callerRuntime, port);
  const heard: OrderPlaced[] = [];
  createOrdersClient(listenerRuntime).events.orderPlaced.subscribe((event) => {
    heard.push(event);
  });
  await listenerRuntime.flush();
  const orders = createOrdersClient(callerRuntime);
  await orders.placeOrder(order);
  await waitFor(() => heard.length === 1, 'the first event');
  const firstSession = caller.sessionId;

  const states: string[] = [];
  caller.onStateChange((change) => states.push(change.state));
  await first.s.terminate();
  await first.r.close();
  await waitFor(() => caller.state !== 'connected' && listener.state !== 'connected', 'both clients to notice');

  const second = await ordersServerOn(port);
  await waitFor(() => caller.state === 'connected' && listener.state === 'connected', 'both clients to reconnect');
  await waitFor(() => second.s.sessions.size === 2, 'both sessions on the new server');
  await listenerRuntime.flush();

  expect(await orders.placeOrder(order)).toMatchObject({ status: 'accepted' });
  await waitFor(() => heard.length === 2, 'the event through the new server, to the resubscribed listener');
  expect(states.slice(0, 2)).toEqual(['disconnected', 'reconnecting']);
  expect(states.at(-1)).toBe('connected');
  expect(caller.sessionId).not.toBe(firstSession);
});
