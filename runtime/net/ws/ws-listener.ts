/**
 * Accepts WebSocket connections for a server (runtime/net/server.ts): on its
 * own HTTP server, or on one the application already runs (then only
 * upgrades to `path` are taken; other requests and other paths are left to
 * the application).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { TypewireError } from '../../errors/typewire-error.js';
import type { Connection, Listener, ListenerAddress } from '../connection.js';
import { DEFAULT_WS_PATH, DEFAULT_WS_PORT } from './ws-limits.js';
import { wrapNodeSocket } from './ws-node.js';

export interface WsListenerOptions {
  /** 0 picks a free port. Default 7421. Ignored with `server`. */
  readonly port?: number;
  /** Default 127.0.0.1. Ignored with `server`. */
  readonly host?: string;
  /** Only upgrades to this path are accepted. Default `/typewire`. */
  readonly path?: string;
  /** Attach to this HTTP(S) server instead of starting one; it is not closed with the listener. */
  readonly server?: HttpServer | HttpsServer;
  /** Largest WebSocket message accepted; a bigger one closes the connection with 1009. */
  readonly maxPayload: number;
  readonly maxFrameBytes: number;
  /** Outbound batches are split before they pass this. */
  readonly maxMessageBytes: number;
  readonly maxOutboundBytes: number;
  /** Default false: compression costs CPU and memory per connection and opens compression-oracle attacks. */
  readonly perMessageDeflate?: boolean | PerMessageDeflateOptions;
}

/** How long open sockets may take to close after close() before they are destroyed. */
const CLOSE_GRACE_MS = 2500;

export function createWsListener(options: WsListenerOptions): Listener {
  const path = options.path ?? DEFAULT_WS_PATH;
  const host = options.host ?? '127.0.0.1';
  const attached = options.server;
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.maxPayload,
    perMessageDeflate: options.perMessageDeflate ?? false,
    // Text messages are refused whatever they hold; checking their UTF-8 would only close the connection instead.
    skipUTF8Validation: true,
  });
  const sockets = new Set<Duplex>();
  let http: HttpServer | HttpsServer | undefined;
  let onUpgrade: ((request: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined;

  return {
    listen(accept: (connection: Connection) => void): Promise<ListenerAddress> {
      const server = attached ?? createHttpServer((_request, response) => {
        response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
        response.end(`typewire: WebSocket connections only, at ${path}\n`);
      });
      http = server;
      onUpgrade = (request, socket, head) => {
        if (pathOf(request.url) !== path) {
          // On a shared server another upgrade handler may own this path.
          if (attached && server.listenerCount('upgrade') > 1) return;
          socket.on('error', () => undefined);
          socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        wss.handleUpgrade(request, socket, head, (ws) => {
          const remote = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
          accept(
            wrapNodeSocket(ws, remote, {
              maxPayload: options.maxPayload,
              maxFrameBytes: options.maxFrameBytes,
              maxMessageBytes: options.maxMessageBytes,
              maxOutboundBytes: options.maxOutboundBytes,
              onOverflow: 'close',
            }),
          );
        });
      };
      server.on('upgrade', onUpgrade);
      if (attached) return Promise.resolve(addressOf(attached, path));
      const port = options.port ?? DEFAULT_WS_PORT;
      return new Promise((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => {
          reject(new TypewireError('TRANSPORT_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, { details: { host, port, errno: error.code }, cause: error }));
        });
        server.listen(port, host, () => {
          server.on('error', () => undefined);
          resolve(addressOf(server, path, host));
        });
      });
    },

    close(): Promise<void> {
      const server = http;
      if (!server) return Promise.resolve();
      http = undefined;
      if (onUpgrade) server.removeListener('upgrade', onUpgrade);
      wss.close();
      const destroyLater = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, CLOSE_GRACE_MS);
      destroyLater.unref();
      if (attached) return Promise.resolve();
      return new Promise((resolve) => {
        // Stops accepting now; the callback waits for open sockets, which the server closes (or the timer destroys).
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

/** A server not yet listening reports its path only (its port is known once the application calls listen). */
function addressOf(server: HttpServer | HttpsServer, path: string, host?: string): ListenerAddress {
  const address = server.address();
  if (typeof address !== 'object' || address === null) return { url: path };
  const name = host ?? address.address;
  const scheme = isTls(server) ? 'wss' : 'ws';
  return { url: `${scheme}://${name.includes(':') ? `[${name}]` : name}:${address.port}${path}`, host: name, port: address.port };
}

function isTls(server: HttpServer | HttpsServer): boolean {
  return typeof (server as { setSecureContext?: unknown }).setSecureContext === 'function';
}
