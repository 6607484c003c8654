/**
 * The raw WebSocket baseline: the ws package, one binary message per frame,
 * no compression. That is how a team that hand-rolls ws + a codec sends
 * messages; typewire instead packs everything queued in one event-loop turn
 * into one message.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { RawEndpoint, RawEngine, RawPeer } from './engines.js';

class RawWsPeer implements RawPeer {
  private handler: (frame: Uint8Array) => void = () => undefined;

  constructor(private readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => this.handler(data));
    // The benchmark closes its sockets itself; an error here is a reset during teardown.
    socket.on('error', () => undefined);
  }

  send(frame: Uint8Array): void {
    this.socket.send(frame);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.socket.terminate();
  }
}

export const rawWs: RawEngine = {
  name: 'ws',
  label: 'message per frame',
  describe: 'raw ws package, one binary message per frame, permessage-deflate off',
  listen(onPeer: (peer: RawPeer) => void): Promise<RawEndpoint> {
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      server.once('error', (error) => reject(typewireError('TRANSPORT_LISTEN_FAILED', `raw ws baseline: ${error.message}`, { cause: error })));
      server.on('connection', (socket) => onPeer(new RawWsPeer(socket)));
      server.once('listening', () => {
        const address = server.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve({
          port,
          close: () =>
            new Promise<void>((done) => {
              for (const socket of server.clients) socket.terminate();
              server.close(() => done());
            }),
        });
      });
    });
  },
  dial(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
      socket.once('error', (error) => reject(typewireError('TRANSPORT_CLOSED', `raw ws baseline: ${error.message}`, { cause: error })));
      socket.once('open', () => resolve(new RawWsPeer(socket)));
    });
  },
};
