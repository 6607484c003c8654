/**
 * Accepts TCP connections for a server (runtime/net/server.ts).
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { TypewireError } from '../../errors/typewire-error.js';
import type { Connection, Listener, ListenerAddress } from '../connection.js';
import { TcpConnection } from './tcp-connection.js';

/** typewire's default TCP port (4222, 5432, 5672, 6379, 1883 and 3306 belong to other services). */
export const DEFAULT_TCP_PORT = 7420;

export interface TcpListenerOptions {
  /** 0 picks a free port (read it from the address listen() resolves with). Default 7420. */
  readonly port?: number;
  /** Default 127.0.0.1: listening on every interface is a decision to make explicitly. */
  readonly host?: string;
  readonly maxFrameBytes: number;
  readonly maxOutboundBytes: number;
}

export function createTcpListener(options: TcpListenerOptions): Listener {
  const port = options.port ?? DEFAULT_TCP_PORT;
  const host = options.host ?? '127.0.0.1';
  let server: NetServer | undefined;
  const sockets = new Set<Socket>();
  return {
    listen(accept: (connection: Connection) => void): Promise<ListenerAddress> {
      return new Promise((resolve, reject) => {
        const s = createNetServer((socket) => {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          accept(new TcpConnection(socket, { maxFrameBytes: options.maxFrameBytes, maxOutboundBytes: options.maxOutboundBytes, onOverflow: 'close' }));
        });
        server = s;
        s.once('error', (error: NodeJS.ErrnoException) => {
          reject(new TypewireError('TRANSPORT_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, { details: { host, port, errno: error.code }, cause: error }));
        });
        s.listen(port, host, () => {
          const address = s.address();
          const bound = typeof address === 'object' && address !== null ? address.port : port;
          s.on('error', () => undefined);
          resolve({ url: `tcp://${host.includes(':') ? `[${host}]` : host}:${bound}`, host, port: bound });
        });
      });
    },
    close(): Promise<void> {
      const s = server;
      if (!s) return Promise.resolve();
      server = undefined;
      return new Promise((resolve) => {
        // Stops accepting now; the callback waits for open sockets, which the server closes (or we destroy below).
        s.close(() => resolve());
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2500).unref();
      });
    },
  };
}
