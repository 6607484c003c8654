/**
 * The admin HTTP endpoint: `/metrics` for Prometheus, `/healthz` (the
 * process answers) and `/readyz` (the application says it can take work),
 * plus any extra routes a caller adds (the monitoring page). Plain node:http:
 * three routes do not need a framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TypewireError } from '../../errors/typewire-error.js';

/** What `/metrics` serves; a prom-client Registry and RuntimeMetrics both fit. */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

export type AdminRoute = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface AdminServerOptions {
  readonly metrics: MetricsSource;
  /** 0 picks a free port (see `port` on the result). Default 0. */
  readonly port?: number;
  /** Default `127.0.0.1`: metrics often say more than the public should see. */
  readonly host?: string;
  /** Default `/metrics`. */
  readonly metricsPath?: string;
  /** Answers `/readyz`: true → 200, false or a throw → 503. Default: always ready. */
  readonly ready?: () => boolean | Promise<boolean>;
  /** Extra GET routes by exact path (a path also used above is refused). */
  readonly routes?: Readonly<Record<string, AdminRoute>>;
}

export interface AdminServer {
  readonly port: number;
  readonly host: string;
  /** `http://host:port`, for logs and tests. */
  readonly url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const metricsPath = options.metricsPath ?? '/metrics';
  const routes = new Map<string, AdminRoute>([
    [metricsPath, (_req, res) => serveMetrics(options.metrics, res)],
    ['/healthz', (_req, res) => send(res, 200, 'ok\n')],
    ['/readyz', (_req, res) => serveReady(options.ready, res)],
  ]);
  for (const [path, route] of Object.entries(options.routes ?? {})) {
    if (routes.has(path)) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `admin route ${path} is already served`, { details: { path } });
    routes.set(path, route);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = routes.get(path);
    if (route === undefined) return send(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed\n');
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, `${error instanceof Error ? error.message : String(error)}\n`);
        else res.destroy();
      });
  });

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => closeServer(server),
  };
}

async function serveMetrics(source: MetricsSource, res: ServerResponse): Promise<void> {
  const body = await source.metrics();
  res.setHeader('Content-Type', source.contentType);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function serveReady(ready: AdminServerOptions['ready'], res: ServerResponse): Promise<void> {
  let ok: boolean;
  try {
    ok = ready === undefined ? true : await ready();
  } catch {
    ok = false;
  }
  send(res, ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n');
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException): void => {
      reject(new TypewireError('CONFIG_INVALID', `admin server cannot listen on ${host}:${port}: ${cause.code ?? cause.message}`, { cause, details: { host, port, reason: cause.code } }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections (a Prometheus scraper holds one) would otherwise delay close.
    server.closeAllConnections();
  });
}
