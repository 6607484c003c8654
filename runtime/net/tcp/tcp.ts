/**
 * The TCP entry points: a server and a client over node:net, built from the
 * transport-independent server and client cores.
 */
import type { Runtime } from '../../runtime.js';
import { connectClient, type ClientOptions, type NetClient } from '../client.js';
import type { Listener } from '../connection.js';
import { startServer, type NetServer, type ServerOptions } from '../server.js';
import { dialTcp, parseTcpUrl } from './tcp-dial.js';
import { createTcpListener, DEFAULT_TCP_PORT } from './tcp-listener.js';

const MiB = 1024 * 1024;

export interface TcpServerOptions extends ServerOptions {
  /** 0 picks a free port (see NetServer.port). Default 7420. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** More listeners on the same server (a WebSocket listener, say). */
  readonly listeners?: ReadonlyArray<Listener>;
}

/** Serves `runtime` over TCP. */
export function createServer(runtime: Runtime, options: TcpServerOptions = {}): Promise<NetServer> {
  const tcp = createTcpListener({
    port: options.port ?? DEFAULT_TCP_PORT,
    ...(options.host === undefined ? {} : { host: options.host }),
    maxFrameBytes: options.maxFrameBytes ?? 16 * MiB,
    maxOutboundBytes: options.maxOutboundBytes ?? 8 * MiB,
  });
  return startServer(runtime, [tcp, ...(options.listeners ?? [])], options);
}

export interface TcpClientOptions extends Omit<ClientOptions, 'dial'> {
  /** `tcp://host:port`; or give host and port. */
  readonly url?: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 7420. */
  readonly port?: number;
  /** Largest frame accepted from the server. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Bytes that may queue on the socket while connected before sends refuse with TRANSPORT_BUFFER_FULL. Default 64 MiB. */
  readonly maxOutboundBytes?: number;
  readonly connectTimeoutMs?: number;
}

/** Connects `runtime` to a typewire server over TCP. */
export function connect(runtime: Runtime, options: TcpClientOptions = {}): Promise<NetClient> {
  const target = options.url === undefined ? { host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_TCP_PORT } : parseTcpUrl(options.url);
  const dial = () =>
    dialTcp({
      ...target,
      maxFrameBytes: options.maxFrameBytes ?? 16 * MiB,
      maxOutboundBytes: options.maxOutboundBytes ?? 64 * MiB,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    });
  return connectClient(runtime, { ...options, dial });
}
