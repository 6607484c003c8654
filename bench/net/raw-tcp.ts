/**
 * The raw TCP baselines: node:net sockets with length-prefixed frames
 * (raw-frames.ts) and Nagle off, as on typewire's sockets. Two ways to write:
 *
 * - one write per frame: what a hand-rolled sender does by default, and the
 *   counterpart of ws's one message per frame;
 * - coalesced: frames sent while a received chunk is handled leave as one
 *   write when it is done (an echo answers a chunk of requests with one
 *   write), frames sent elsewhere leave as one write at the end of the
 *   current job. As good as typewire's one write per event-loop turn, so
 *   against it typewire's own batching earns nothing and only its per-message
 *   work shows.
 */
import { createServer, connect, type Socket } from 'node:net';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { RawEndpoint, RawEngine, RawPeer } from './engines.js';
import { RawFrameReader, RawFrameWriter } from './raw-frames.js';

class RawTcpPeer implements RawPeer {
  private handler: (frame: Uint8Array) => void = () => undefined;
  private readonly writer: RawFrameWriter;
  private readonly reader: RawFrameReader;
  private handling = false;
  private scheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly coalesce: boolean,
  ) {
    socket.setNoDelay(true);
    this.writer = new RawFrameWriter((chunk) => socket.write(chunk));
    this.reader = new RawFrameReader((frame) => this.handler(frame));
    socket.on('data', (chunk: Buffer) => {
      this.handling = true;
      try {
        this.reader.push(chunk);
      } finally {
        this.handling = false;
      }
      this.writer.flush();
    });
    // The benchmark closes its sockets itself; an error here is a reset during teardown.
    socket.on('error', () => undefined);
  }

  send(frame: Uint8Array): void {
    this.writer.add(frame);
    if (!this.coalesce) return this.writer.flush();
    if (this.handling || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flush);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.socket.destroy();
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.writer.flush();
  };
}

function rawTcpEngine(coalesce: boolean): RawEngine {
  return {
    name: 'tcp',
    label: coalesce ? 'coalesced writes' : 'write per frame',
    describe: `raw node:net, u32 length-prefixed frames, ${coalesce ? 'frames of one burst coalesced into one write' : 'one write per frame'}`,
    listen(onPeer: (peer: RawPeer) => void): Promise<RawEndpoint> {
      const sockets = new Set<Socket>();
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        onPeer(new RawTcpPeer(socket, coalesce));
      });
      return new Promise((resolve, reject) => {
        server.once('error', (error) => reject(typewireError('TRANSPORT_LISTEN_FAILED', `raw TCP baseline: ${error.message}`, { cause: error })));
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          const port = typeof address === 'object' && address !== null ? address.port : 0;
          resolve({
            port,
            close: () =>
              new Promise<void>((done) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => done());
              }),
          });
        });
      });
    },
    dial(port: number): Promise<RawPeer> {
      return new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('error', (error) => reject(typewireError('TRANSPORT_CLOSED', `raw TCP baseline: ${error.message}`, { cause: error })));
        socket.once('connect', () => resolve(new RawTcpPeer(socket, coalesce)));
      });
    },
  };
}

export const rawTcp: RawEngine = rawTcpEngine(false);
export const rawTcpCoalesced: RawEngine = rawTcpEngine(true);
