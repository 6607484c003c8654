/**
 * Opens TCP connections for a client (runtime/net/client.ts).
 */
import { connect as netConnect } from 'node:net';
import { TypewireError } from '../../errors/typewire-error.js';
import type { Connection } from '../connection.js';
import { DEFAULT_TCP_PORT } from './tcp-listener.js';
import { TcpConnection } from './tcp-connection.js';

export interface TcpDialOptions {
  readonly host: string;
  readonly port: number;
  readonly maxFrameBytes: number;
  readonly maxOutboundBytes: number;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number;
}

export function dialTcp(options: TcpDialOptions): Promise<Connection> {
  const { host, port } = options;
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const fail = (why: string, cause?: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new TypewireError('TRANSPORT_CLOSED', `cannot connect to ${host}:${port}: ${why}`, { details: { reason: 'connect-failed', host, port }, cause }));
    };
    const onError = (error: Error): void => fail(error.message, error);
    const timer = setTimeout(() => fail(`no answer within ${options.connectTimeoutMs ?? 5000} ms`), options.connectTimeoutMs ?? 5000);
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(new TcpConnection(socket, { maxFrameBytes: options.maxFrameBytes, maxOutboundBytes: options.maxOutboundBytes, onOverflow: 'throw' }));
    });
  });
}

/** Reads `tcp://host:port` (host and port optional: 127.0.0.1 and 7420). */
export function parseTcpUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `not a URL: ${url}`, { cause });
  }
  if (parsed.protocol !== 'tcp:') throw new TypewireError('VALIDATION_BAD_ARGUMENT', `expected a tcp:// URL, got ${url}`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = parsed.port === '' ? DEFAULT_TCP_PORT : Number(parsed.port);
  return { host, port };
}
