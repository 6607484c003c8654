/**
 * The server side of scripts/bench-idle-connections.ts. It runs in a child
 * process of its own, so that what its memory grows by is the server's cost
 * of the connections and nothing of the clients'. Started with --expose-gc;
 * talks to its parent over the IPC channel (messages in idle-plan.ts).
 *
 *   argv: [transport]   tcp (default) or ws
 */
import { routes } from '../../generated/routes.js';
import type { NetServer } from '../../runtime/net/server.js';
import { createServer } from '../../runtime/net/tcp/tcp.js';
import { createWsServer } from '../../runtime/net/ws/ws.js';
import { createRuntime } from '../../runtime/runtime.js';
import type { ChildMessage, MemorySample, ParentMessage } from './idle-plan.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Full collections until the heap stops shrinking, so that what is measured is what is live. */
async function settle(): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5 && gc; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= last * 0.995) break;
    last = used;
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

async function main(): Promise<void> {
  const transport = process.argv[2] ?? 'tcp';
  const runtime = createRuntime({ source: 'idle-server', routes, onError: () => undefined });
  const options = { port: 0, host: '127.0.0.1', onError: () => undefined } as const;
  const server: NetServer = transport === 'ws' ? await createWsServer(runtime, options) : await createServer(runtime, options);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'measure') {
      void settle().then((sample) => send({ type: 'memory', sample, sessions: server.sessions.size }));
    } else if (message.type === 'stop') {
      void server
        .terminate()
        .then(() => runtime.close())
        .finally(() => process.disconnect());
    }
  });
  // Without a parent nothing would ever stop this server.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: server.port ?? 0 });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
