/**
 * The WebSocket client for browsers: the browser's own WebSocket under the
 * same WsConnection the Node client uses, so a page speaks exactly the
 * protocol a Node client does. No Node built-ins, and no `ws` import.
 *
 * What a browser cannot do: bound the size of an incoming message (the
 * server's maxFrameBytes is the bound), drop a connection without a closing
 * handshake, or close with any code but 1000 (the reason text still carries
 * the error code).
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { Runtime } from '../../runtime.js';
import { connectClient, type ClientOptions, type NetClient } from '../client.js';
import type { Connection } from '../connection.js';
import { WsConnection } from './ws-connection.js';
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './ws-limits.js';
import { wsUrl, type WsTarget } from './ws-url.js';

/** The part of the browser's WebSocket used here (declared, so the runtime compiles without the DOM library). */
export interface BrowserWebSocket {
  binaryType: string;
  readonly bufferedAmount: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type BrowserWebSocketConstructor = new (url: string) => BrowserWebSocket;

export interface BrowserWsClientOptions extends Omit<ClientOptions, 'dial'>, WsTarget {
  /** Largest frame accepted inside a message from the server. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Outbound batches are split before they pass this; keep it at or below the server's maxPayload. Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** Bytes that may queue on the socket before sends refuse with TRANSPORT_BUFFER_FULL. Default 16 MiB. */
  readonly maxOutboundBytes?: number;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Default: globalThis.WebSocket. */
  readonly WebSocket?: BrowserWebSocketConstructor;
}

/** Connects `runtime` to a typewire server from a browser page. */
export function connectBrowserWs(runtime: Runtime, options: BrowserWsClientOptions = {}): Promise<NetClient> {
  const url = wsUrl(options);
  return connectClient(runtime, { ...options, dial: () => dialBrowserWs(url, options) });
}

export function dialBrowserWs(url: string, options: BrowserWsClientOptions = {}): Promise<Connection> {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: BrowserWebSocketConstructor }).WebSocket;
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const fail = (why: string, cause?: unknown): void => {
      clearTimeout(timer);
      reject(new TypewireError('TRANSPORT_CLOSED', `cannot connect to ${url}: ${why}`, { details: { reason: 'connect-failed', url }, cause }));
    };
    if (!Socket) return fail('this environment has no WebSocket');
    let ws: BrowserWebSocket;
    try {
      ws = new Socket(url);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), error);
    }
    const timer = setTimeout(() => {
      ws.close();
      fail(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    ws.binaryType = 'arraybuffer';
    // Browsers say nothing about why a connection failed; the close event that follows has the code.
    ws.onerror = () => undefined;
    ws.onclose = (event) => fail(`closed before it opened (code ${event.code})`);
    ws.onopen = () => {
      clearTimeout(timer);
      const connection = new WsConnection(
        {
          get bufferedAmount() {
            return ws.bufferedAmount;
          },
          send: (message) => ws.send(message),
          // Scripts may only use 1000 (or 3000-4999); the reason text carries the typewire code.
          close: (_code, reason) => ws.close(1000, reason),
          terminate: () => ws.close(1000),
        },
        url,
        {
          maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
          maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
          maxOutboundBytes: options.maxOutboundBytes ?? 16 * 1024 * 1024,
          onOverflow: 'throw',
        },
      );
      ws.onmessage = (event) => {
        const data = event.data;
        if (data instanceof ArrayBuffer) connection.receive(new Uint8Array(data), true);
        else connection.receive(new Uint8Array(0), false);
      };
      ws.onclose = (event) => connection.closedBySocket(event.code, event.reason);
      resolve(connection);
    };
  });
}
