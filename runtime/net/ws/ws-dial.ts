/**
 * Opens WebSocket connections for a Node client (runtime/net/client.ts) with
 * the `ws` package. Browsers use browser-ws.ts instead.
 */
import { WebSocket, type PerMessageDeflateOptions } from 'ws';
import { TypewireError } from '../../errors/typewire-error.js';
import type { Connection } from '../connection.js';
import { wrapNodeSocket } from './ws-node.js';

export interface WsDialOptions {
  /** `ws://host:port/path` or `wss://…`. */
  readonly url: string;
  readonly maxPayload: number;
  readonly maxFrameBytes: number;
  readonly maxMessageBytes: number;
  readonly maxOutboundBytes: number;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Extra HTTP headers on the upgrade request (a proxy's credentials, say; the typewire token goes in HELLO). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly perMessageDeflate?: boolean | PerMessageDeflateOptions;
}

export function dialWs(options: WsDialOptions): Promise<Connection> {
  const { url } = options;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      maxPayload: options.maxPayload,
      perMessageDeflate: options.perMessageDeflate ?? false,
      skipUTF8Validation: true,
      handshakeTimeout: options.connectTimeoutMs ?? 5000,
      ...(options.headers ? { headers: { ...options.headers } } : {}),
    });
    const onError = (error: Error): void => {
      ws.terminate();
      reject(new TypewireError('TRANSPORT_CLOSED', `cannot connect to ${url}: ${error.message}`, { details: { reason: 'connect-failed', url }, cause: error }));
    };
    ws.once('error', onError);
    ws.once('open', () => {
      const connection = wrapNodeSocket(ws, url, {
        maxPayload: options.maxPayload,
        maxFrameBytes: options.maxFrameBytes,
        maxMessageBytes: options.maxMessageBytes,
        maxOutboundBytes: options.maxOutboundBytes,
        onOverflow: 'throw',
      });
      ws.removeListener('error', onError);
      resolve(connection);
    });
  });
}
