/**
 * The WebSocket entry points for Node: a server (on its own port or on an
 * existing HTTP server) and a client, built from the transport-independent
 * server and client cores exactly as the TCP ones are (runtime/net/tcp/tcp.ts).
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { PerMessageDeflateOptions } from 'ws';
import type { Runtime } from '../../runtime.js';
import { connectClient, type ClientOptions, type NetClient } from '../client.js';
import type { Listener } from '../connection.js';
import { startServer, type NetServer, type ServerOptions } from '../server.js';
import { dialWs } from './ws-dial.js';
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_WS_PORT, defaultMaxPayload } from './ws-limits.js';
import { createWsListener } from './ws-listener.js';
import { wsUrl, type WsTarget } from './ws-url.js';

const MiB = 1024 * 1024;

export interface WsServerOptions extends ServerOptions {
  /** 0 picks a free port (see NetServer.port). Default 7421. Ignored with `server`. */
  readonly port?: number;
  /** Default 127.0.0.1. Ignored with `server`. */
  readonly host?: string;
  /** Upgrade path. Default `/typewire`. */
  readonly path?: string;
  /** Attach to an existing HTTP(S) server instead of listening on a port of its own. */
  readonly server?: HttpServer | HttpsServer;
  /** Largest WebSocket message (one batch of frames) accepted; a bigger one closes the connection with 1009. Default max(maxFrameBytes + 4, 1 MiB). */
  readonly maxPayload?: number;
  /** Outbound batches are split before they pass this. Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** Default false. */
  readonly perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** More listeners on the same server (TCP, say). */
  readonly listeners?: ReadonlyArray<Listener>;
}

/** Serves `runtime` over WebSocket. */
export function createWsServer(runtime: Runtime, options: WsServerOptions = {}): Promise<NetServer> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const ws = createWsListener({
    port: options.port ?? DEFAULT_WS_PORT,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.server === undefined ? {} : { server: options.server }),
    maxPayload: options.maxPayload ?? defaultMaxPayload(maxFrameBytes),
    maxFrameBytes,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    maxOutboundBytes: options.maxOutboundBytes ?? 8 * MiB,
    ...(options.perMessageDeflate === undefined ? {} : { perMessageDeflate: options.perMessageDeflate }),
  });
  return startServer(runtime, [ws, ...(options.listeners ?? [])], options);
}

export interface WsClientOptions extends Omit<ClientOptions, 'dial'>, WsTarget {
  /** Largest frame accepted from the server. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Largest WebSocket message accepted from the server. Default max(maxFrameBytes + 4, 1 MiB). */
  readonly maxPayload?: number;
  /** Outbound batches are split before they pass this; keep it at or below the server's maxPayload. Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** Bytes that may queue on the socket while connected before sends refuse with TRANSPORT_BUFFER_FULL. Default 64 MiB. */
  readonly maxOutboundBytes?: number;
  readonly connectTimeoutMs?: number;
  /** Extra headers on the HTTP upgrade request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default false. */
  readonly perMessageDeflate?: boolean | PerMessageDeflateOptions;
}

/** Connects `runtime` to a typewire server over WebSocket (from Node; see connectBrowserWs for browsers). */
export function connectWs(runtime: Runtime, options: WsClientOptions = {}): Promise<NetClient> {
  const url = wsUrl(options);
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const dial = () =>
    dialWs({
      url,
      maxFrameBytes,
      maxPayload: options.maxPayload ?? defaultMaxPayload(maxFrameBytes),
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      maxOutboundBytes: options.maxOutboundBytes ?? 64 * MiB,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.perMessageDeflate === undefined ? {} : { perMessageDeflate: options.perMessageDeflate }),
    });
  return connectClient(runtime, { ...options, dial });
}
