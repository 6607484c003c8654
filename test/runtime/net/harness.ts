/**
 * Runtimes, servers and clients for network tests, all closed after each
 * test, and a waitFor that polls a condition (bounded, so a broken test fails
 * instead of hanging).
 */
import { afterEach } from 'vitest';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../runtime/runtime.js';
import type { NetClient } from '../../../runtime/net/client.js';
import type { NetServer } from '../../../runtime/net/server.js';
import { connect, createServer, type TcpClientOptions, type TcpServerOptions } from '../../../runtime/net/tcp/tcp.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';

const runtimes: Runtime[] = [];
const servers: NetServer[] = [];
const clients: NetClient[] = [];
const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(servers.splice(0).map((s) => s.terminate()));
  await Promise.allSettled(runtimes.splice(0).map((r) => r.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

/** Errors reported to a runtime, for assertions (and so that tests stay quiet). */
export function runtime(options: RuntimeOptions = {}, errors: unknown[] = []): Runtime {
  const r = createRuntime({ onError: (error) => errors.push(error), ...options });
  runtimes.push(r);
  return r;
}

export async function server(r: Runtime, options: TcpServerOptions = {}, errors: TypewireError[] = []): Promise<NetServer> {
  const s = await createServer(r, { port: 0, onError: (error) => errors.push(error), ...options });
  servers.push(s);
  return s;
}

export async function client(r: Runtime, s: NetServer | number, options: TcpClientOptions = {}): Promise<NetClient> {
  const port = typeof s === 'number' ? s : s.port;
  const c = await connect(r, { port, reconnect: { initialMs: 10, maxMs: 100 }, onError: () => undefined, ...options });
  clients.push(c);
  return c;
}

export function track(c: NetClient): NetClient {
  clients.push(c);
  return c;
}

export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
