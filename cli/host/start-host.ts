/**
 * The service host behind `typewire serve`: one runtime with metrics and a
 * pino logger, the queue store the configuration names, the configured
 * services (served in list order), a TCP server and the admin HTTP server
 * (metrics, health, the monitoring page and `/api/status`). `close()`
 * drains in the reverse order of start-up, except that the admin server
 * stays up (answering /readyz with 503) until the runtime has closed.
 */
import type { TypewireConfig } from '../../runtime/config/config-schema.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { annotateFolderLock } from '../../runtime/store/folder-lock.js';
import type { NetServer } from '../../runtime/net/server-api.js';
import { createServer } from '../../runtime/net/tcp/tcp.js';
import { createRuntime } from '../../runtime/node-runtime.js';
import { closeLogger, createLogger, type Logger } from '../../runtime/observability/logging/create-logger.js';
import type { AdminServer } from '../../runtime/observability/metrics/admin-server.js';
import { RuntimeMetrics } from '../../runtime/observability/metrics/runtime-metrics.js';
import { startRuntimeAdmin } from '../../runtime/observability/wiring/runtime-admin.js';
import type { Runtime, RuntimeOptions } from '../../runtime/runtime.js';
import type { ServiceHandle } from '../../runtime/rpc/types.js';
import type { DestinationStream } from 'pino';
import { createStatusReader, type HostStatus } from './host-status.js';
import { loadServices } from './load-services.js';
import { MONITOR_PAGE } from './monitor-page.js';
import { openQueueDatabase, type QueueDatabase } from './queue-database.js';
import { routesOf } from './service-routes.js';

export interface StartHostOptions {
  readonly config: TypewireConfig;
  /** Relative service modules and PGlite folders are resolved from here (the config file's folder). */
  readonly baseDir: string;
  /** Log lines go here instead of standard output (tests). */
  readonly logDestination?: DestinationStream;
}

export interface Host {
  readonly runtime: Runtime;
  readonly logger: Logger;
  readonly queues: QueueDatabase;
  readonly server: NetServer;
  /** `tcp://host:port` the services are reachable on. */
  readonly tcpUrl: string;
  /** `http://host:port` of the admin server; absent when `metrics.enabled` is false. */
  readonly adminUrl: string | undefined;
  /** What `/api/status` answers. */
  status(): Promise<HostStatus>;
  /** Stops accepting, drains requests, closes services (reverse order), runtime, admin server, store, database and logger. Idempotent. */
  close(): Promise<void>;
}

/** Starts everything, or closes what already started and throws the first coded error. */
export async function startHost(options: StartHostOptions): Promise<Host> {
  const { config } = options;
  const logger = await createLogger({
    level: config.logging.level,
    name: config.runtime.source,
    ...(config.logging.pretty !== undefined ? { pretty: config.logging.pretty } : {}),
    ...(config.logging.file ? { file: config.logging.file } : {}),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const undo: Array<() => Promise<void>> = [() => closeLogger(logger)];
  const unwind = async (): Promise<void> => {
    for (const step of undo.splice(0).reverse()) await step().catch((error: unknown) => logger.error({ err: error }, 'typewire serve: shutdown step failed'));
  };
  try {
    // Imports first: a broken module should fail before a database is opened.
    const services = await loadServices(config.services, options.baseDir);
    const queues = await openQueueDatabase(config.queues, {
      baseDir: options.baseDir,
      onError: (error, context) => logger.error({ err: error, context }, `typewire queues: ${context}: ${error.code}`),
    });
    undo.push(() => queues.close());
    // Closed after the runtime, so /readyz answers 503 all through the drain.
    let admin: AdminServer | undefined;
    undo.push(async () => admin?.close());
    let draining = false;
    const runtimeOptions: RuntimeOptions = {
      source: config.runtime.source,
      codec: config.runtime.codec,
      ...(config.runtime.validateOutbound !== undefined ? { validateOutbound: config.runtime.validateOutbound } : {}),
      maxFrameBytes: config.server.maxFrameBytes,
      routes: routesOf(services.map((s) => s.definition.descriptor)),
      metrics: new RuntimeMetrics({ processMetrics: true }),
      logger,
      // Queues declared durable live in the store; the runtime leaves closing it to us (after the runtime).
      ...(queues.store ? { queueStore: queues.store } : {}),
    };
    const runtime = createRuntime(runtimeOptions);
    undo.push(() => runtime.close());
    const handles: ServiceHandle[] = [];
    for (const { definition } of services) handles.push(runtime.serve(definition));
    // Reverse order: a service may call one started before it while it drains.
    undo.push(async () => {
      for (const handle of [...handles].reverse()) await handle.close();
    });
    const server = await createServer(runtime, {
      port: config.server.port,
      host: config.server.host,
      maxConnections: config.server.maxConnections,
      maxFrameBytes: config.server.maxFrameBytes,
      heartbeatMs: config.server.heartbeatMs,
      idleTimeoutMs: config.server.idleTimeoutMs,
      onError: (error) => logger.warn({ err: error }, `typewire server: ${error.code}: ${error.message}`),
    });
    undo.push(() => server.close());
    const status = createStatusReader({ runtime, store: queues.store, storeKind: queues.kind, connections: () => server.sessions.size });
    if (config.metrics.enabled) {
      admin = await startRuntimeAdmin(runtime, {
        ready: () => !draining,
        port: config.metrics.port,
        host: config.metrics.host,
        metricsPath: config.metrics.path,
        routes: {
          '/': (_req, res) => {
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.end(MONITOR_PAGE);
          },
          '/api/status': async (_req, res) => {
            const body = JSON.stringify(await status());
            res.setHeader('Content-Type', 'application/json');
            res.setHeader('Cache-Control', 'no-store');
            res.end(body);
          },
        },
      });
    }
    // A PGlite folder's lock names this admin server: an ops command refused the folder reads the queues here.
    if (admin !== undefined && queues.dataDir !== undefined) annotateFolderLock(queues.dataDir, { adminUrl: admin.url });
    const tcpUrl = server.addresses[0]?.url;
    if (tcpUrl === undefined) throw new TypewireError('TRANSPORT_LISTEN_FAILED', 'the TCP server reported no address');
    let closing: Promise<void> | undefined;
    return {
      runtime,
      logger,
      queues,
      server,
      tcpUrl,
      adminUrl: admin?.url,
      status,
      close: () => {
        draining = true;
        return (closing ??= unwind());
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
