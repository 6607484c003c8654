/**
 * Puts a socket from the `ws` package under a WsConnection (Node only: the
 * browser's WebSocket has its own adapter in browser-ws.ts).
 */
import type { RawData, WebSocket } from 'ws';
import { TypewireError } from '../../errors/typewire-error.js';
import { messageTooBig } from './close-codes.js';
import { WsConnection, type WsConnectionOptions } from './ws-connection.js';

export interface NodeWsOptions extends WsConnectionOptions {
  /** The maxPayload the socket was opened with (named in the error when a peer's message is over it). */
  readonly maxPayload: number;
}

export function wrapNodeSocket(ws: WebSocket, remoteAddress: string, options: NodeWsOptions): WsConnection {
  const connection = new WsConnection(
    {
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      send: (message) => ws.send(message, { binary: true }),
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
    },
    remoteAddress,
    options,
  );
  ws.on('message', (data, isBinary) => connection.receive(toBytes(data), isBinary));
  // The library closes the socket itself after an error (1009 for a message over maxPayload, 1002 for a broken frame).
  ws.on('error', (error) => connection.fail(fromWsError(error, options.maxPayload)));
  ws.on('close', (code, reason) => connection.closedBySocket(code, reason.toString()));
  return connection;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function fromWsError(error: Error & { code?: string }, maxPayload: number): TypewireError {
  if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return messageTooBig(`a WebSocket message was over the limit of ${maxPayload} bytes (closed with 1009)`, maxPayload);
  }
  return new TypewireError('TRANSPORT_PROTOCOL', `WebSocket error: ${error.message}`, {
    details: { reason: 'websocket-error', ...(error.code === undefined ? {} : { wsCode: error.code }) },
    cause: error,
  });
}
