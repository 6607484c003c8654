/**
 * A worker thread running one configuration's loops on request. The main
 * thread sends `{ id, loop, n }`; the worker runs n operations and answers
 * `{ id, latencies }`, or `{ id, error }`. `{ id, close: true }` closes the
 * runtimes before the thread is terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { buildWorld, CONFIGS, LOOPS, type Config, type LoopName } from './loops.js';

export type WorkerRequest = { readonly id: number; readonly loop: LoopName; readonly n: number } | { readonly id: number; readonly close: true };
export type WorkerReply = { readonly id: number; readonly latencies: number[] } | { readonly id: number; readonly error: string } | { readonly ready: true };

const config = (workerData as { config?: unknown } | null)?.config;
if (!CONFIGS.includes(config as Config)) throw typewireError('VALIDATION_BAD_ARGUMENT', `observability bench worker: unknown config ${String(config)}`);
const port = parentPort;
if (port === null) throw typewireError('INTERNAL_UNEXPECTED', 'observability bench worker must run in a worker thread');

const world = await buildWorld(config as Config);
port.on('message', (request: WorkerRequest) => {
  const answer = (reply: WorkerReply): void => port.postMessage(reply);
  if ('close' in request) {
    void world.close().then(
      () => answer({ id: request.id, latencies: [] }),
      (error: unknown) => answer({ id: request.id, error: String(error) }),
    );
    return;
  }
  if (!LOOPS.includes(request.loop)) return answer({ id: request.id, error: `unknown loop ${String(request.loop)}` });
  const latencies: number[] = [];
  world.loops[request.loop](request.n, latencies).then(
    () => answer({ id: request.id, latencies }),
    (error: unknown) => answer({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
port.postMessage({ ready: true } satisfies WorkerReply);
