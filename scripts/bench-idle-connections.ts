/**
 * Memory per idle connection: opens N typewire client connections (default
 * 10,000) to one server on 127.0.0.1, measures how much the server's memory
 * grew per connection, prints it against the target (32 KiB each), closes
 * everything and exits. Bounded in time (--timeout-ms).
 *
 *   node scripts/build.mjs && node dist/scripts/bench-idle-connections.js [--connections 10000] [--transport tcp|ws] [--timeout-ms 180000]
 *
 * The server runs in a child process (bench/net/idle-server.ts) so that its
 * numbers hold the server's cost alone; the clients, one runtime each, run
 * here. Both processes hold one socket per connection, so each needs that
 * many file descriptors. Node raises its soft limit to the hard one when it
 * starts, so the hard limit is what counts: the script reads `ulimit -n` and
 * `ulimit -Hn` (as a child shell of this process sees them), re-runs itself
 * under `sh -c 'ulimit -n …'` if the soft limit is still too low, and when
 * the hard limit (or the ephemeral port range) is too small opens fewer
 * connections and says why.
 *
 * Exit code: 0 when measured (a missed target is reported, not fatal), 1 when
 * the measurement failed or timed out, 2 on bad arguments.
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  parseLimit,
  parsePortRange,
  perConnection,
  planConnections,
  type ChildMessage,
  type Limits,
  type MemorySample,
  type ParentMessage,
} from '../bench/net/idle-plan.js';
import { routes } from '../generated/routes.js';
import type { NetClient } from '../runtime/net/client.js';
import { connect } from '../runtime/net/tcp/tcp.js';
import { connectWs } from '../runtime/net/ws/ws.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';

const TARGET_BYTES = 32 * 1024;
const RAISED_ENV = 'TYPEWIRE_IDLE_FDS_RAISED';
/** The exit status of the re-run when the shell could not raise the limit. */
const CANNOT_RAISE = 97;

interface Options {
  readonly connections: number;
  readonly transport: 'tcp' | 'ws';
  readonly timeoutMs: number;
  readonly concurrency: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: 'string', default: '10000' },
      transport: { type: 'string', default: 'tcp' },
      'timeout-ms': { type: 'string', default: '180000' },
      concurrency: { type: 'string', default: '100' },
    },
  });
  const connections = Number(values.connections);
  const timeoutMs = Number(values['timeout-ms']);
  const concurrency = Number(values.concurrency);
  const transport = values.transport;
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`--connections must be a positive integer, got ${values.connections}`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000) throw new Error(`--timeout-ms must be an integer of at least 1000, got ${values['timeout-ms']}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer, got ${values.concurrency}`);
  if (transport !== 'tcp' && transport !== 'ws') throw new Error(`--transport must be tcp or ws, got ${transport}`);
  return { connections, transport, timeoutMs, concurrency };
}

function readLimits(): Limits {
  let softFds: number | undefined;
  let hardFds: number | undefined;
  try {
    const [soft = '', hard = ''] = execFileSync('sh', ['-c', 'ulimit -n; ulimit -Hn'], { encoding: 'utf8' }).split('\n');
    softFds = parseLimit(soft);
    hardFds = parseLimit(hard);
  } catch {
    // No shell: go ahead with the count asked for; a failed connection will say why.
  }
  let ephemeralPorts: number | undefined;
  try {
    ephemeralPorts = parsePortRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
  } catch {
    // Not Linux.
  }
  return { softFds, hardFds, ephemeralPorts };
}

/** Runs this script again with a higher soft fd limit; returns its exit status, or undefined when the limit could not be raised. */
function rerunWithFds(fds: number): number | undefined {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(
    'sh',
    ['-c', `ulimit -n ${fds} 2>/dev/null || exit ${CANNOT_RAISE}; exec "$@"`, 'sh', process.execPath, ...process.execArgv, script, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, [RAISED_ENV]: '1' } },
  );
  if (result.status === CANNOT_RAISE) return undefined;
  return result.status ?? 1;
}

/** A gc() for this process too (the child gets --expose-gc), so that both sides measure live memory. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

class ServerChild {
  private readonly waiting: Array<{ type: ChildMessage['type']; resolve: (m: ChildMessage) => void }> = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: ChildMessage) => {
      const i = this.waiting.findIndex((w) => w.type === message.type || message.type === 'failed');
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(message);
    });
  }

  next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        type,
        resolve: (message) => {
          if (message.type === 'failed') reject(new Error(`server child: ${message.message}`));
          else resolve(message as Extract<ChildMessage, { type: T }>);
        },
      });
    });
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  async measure(): Promise<{ sample: MemorySample; sessions: number }> {
    const answer = this.next('memory');
    this.send({ type: 'measure' });
    return answer;
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function run(options: Options, connections: number, stage: { name: string }): Promise<void> {
  const gc = exposeGc();
  const localSample = (): MemorySample => {
    gc();
    gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    return { rss, heapUsed, external };
  };
  stage.name = 'starting the server';
  const serverScript = fileURLToPath(new URL('../bench/net/idle-server.js', import.meta.url));
  const child = new ServerChild(fork(serverScript, [options.transport], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const clients: Array<{ runtime: Runtime; client: NetClient }> = [];
  try {
    const { port } = await child.next('ready');
    const serverBefore = await child.measure();
    const clientBefore = localSample();

    stage.name = 'connecting';
    const started = Date.now();
    const dial = options.transport === 'ws' ? connectWs : connect;
    for (let opened = 0; opened < connections; ) {
      const wave = Math.min(options.concurrency, connections - opened);
      const batch = await Promise.all(
        Array.from({ length: wave }, async () => {
          const runtime = createRuntime({ source: 'idle-client', routes, onError: () => undefined });
          const client = await dial(runtime, { host: '127.0.0.1', port, reconnect: false, onError: () => undefined });
          return { runtime, client };
        }),
      );
      clients.push(...batch);
      opened += wave;
      if (opened % 2000 < wave || opened === connections) console.log(`  ${opened} connected (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    stage.name = 'waiting for the server to count every session';
    let serverAfter = await child.measure();
    while (serverAfter.sessions < connections) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      serverAfter = await child.measure();
    }
    // Let handshake leftovers (timers, buffers) go before the measurement that counts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    serverAfter = await child.measure();
    const clientAfter = localSample();

    const server = perConnection(serverBefore.sample, serverAfter.sample, connections);
    const client = perConnection(clientBefore, clientAfter, connections);
    const verdict = (bytes: number): string => (bytes <= TARGET_BYTES ? 'met' : 'NOT MET');
    console.log(`\n${connections} idle ${options.transport} connections, server in a child process (${serverAfter.sessions} sessions):`);
    console.log(`  server RSS    ${mib(serverBefore.sample.rss)} -> ${mib(serverAfter.sample.rss)}: ${kib(server.rssBytes)} per connection, target <= ${kib(TARGET_BYTES)}  ${verdict(server.rssBytes)}`);
    console.log(
      `  server heap   ${mib(serverBefore.sample.heapUsed + serverBefore.sample.external)} -> ${mib(serverAfter.sample.heapUsed + serverAfter.sample.external)}` +
        ` (V8 heap used + external): ${kib(server.heapBytes)} per connection, target <= ${kib(TARGET_BYTES)}  ${verdict(server.heapBytes)}`,
    );
    console.log(`  client side (one runtime + connection each, for reference): ${kib(client.rssBytes)} RSS, ${kib(client.heapBytes)} heap per connection`);
  } finally {
    stage.name = 'closing';
    await Promise.allSettled(clients.map(({ client, runtime }) => client.close().then(() => runtime.close())));
    const exited = new Promise((resolve) => child.child.once('exit', resolve));
    if (child.child.connected) child.send({ type: 'stop' });
    else child.child.kill();
    await exited;
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  const limits = readLimits();
  let plan = planConnections(options.connections, limits);
  console.log(`ulimit -n: ${limits.softFds ?? '?'} (hard ${limits.hardFds ?? '?'}); ephemeral ports: ${limits.ephemeralPorts ?? '?'}`);
  if (plan.raiseFdsTo !== undefined && process.env[RAISED_ENV] !== '1') {
    console.log(`raising the soft descriptor limit to ${plan.raiseFdsTo} for ${plan.connections} connections (one socket each in this process and in the server's)`);
    const status = rerunWithFds(plan.raiseFdsTo);
    if (status !== undefined) return status;
    console.log('could not raise the limit');
    plan = planConnections(options.connections, { ...limits, hardFds: limits.softFds });
  }
  for (const note of plan.notes) console.log(`note: ${note}`);
  if (plan.connections < 1) {
    console.error('not enough descriptors or ports for even one connection');
    return 1;
  }

  const stage = { name: 'starting' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${options.timeoutMs} ms while ${stage.name}`)), options.timeoutMs);
  });
  try {
    await Promise.race([run(options, plan.connections, stage), deadline]);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

const status = await main();
// A timed-out run may still hold sockets; leave rather than wait for them.
process.exit(status);
