/**
 * The client against a hand-driven server: one that never answers, answers
 * garbage, or answers and then goes silent.
 */
import { createServer as createNetServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeUntyped, encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { FrameDecoder } from '../../../runtime/transport/frame-decoder.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import type { StateChange } from '../../../runtime/net/client.js';
import { encodeHello, PROTOCOL_VERSION } from '../../../runtime/net/hello.js';
import { connect } from '../../../runtime/net/tcp/tcp.js';
import { encodeFrames } from '../../../runtime/transport/frame-batcher.js';
import { FRAME_HELLO, FRAME_PING, FRAME_PONG, FRAME_READY, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import { onCleanup, runtime, track, waitFor } from './harness.js';

/** A TCP server that hands each new socket to `onSocket` and nothing else. */
async function rawServer(onSocket: (socket: Socket, index: number) => void): Promise<{ port: number; accepted: () => number }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket, count++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => {
    sockets.forEach((s) => s.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as { port: number }).port, accepted: () => count };
}

function frames(...list: Uint8Array[]): Uint8Array {
  return encodeFrames(list, list.reduce((n, f) => n + f.length, 0));
}

const serverHello = (idleTimeoutMs: number) =>
  encodeHello({ role: 'server', protocol: PROTOCOL_VERSION, codec: 'msgpack', sessionId: 's', fingerprints: new Map(), heartbeatMs: 10, idleTimeoutMs, maxFrameBytes: 1024 });

const reasonOf = (error: unknown): unknown => ((error as TypewireError | undefined)?.details as { reason?: unknown } | undefined)?.reason;

describe('client against a misbehaving server', () => {
  it('gives up on a server that never answers HELLO (handshake timeout)', async () => {
    const { port } = await rawServer(() => undefined);
    const error = await connect(runtime(), { port, handshakeTimeoutMs: 50, onError: () => undefined }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TIMEOUT_HANDSHAKE');
    expect(reasonOf(error)).toBe('handshake-timeout');
  });

  it('refuses a server whose first frame is garbage', async () => {
    const { port } = await rawServer((socket) => socket.write(frames(linkFrame(FRAME_READY, new Uint8Array(0)))));
    const error = await connect(runtime(), { port, onError: () => undefined }).catch((e: unknown) => e);
    expect(reasonOf(error)).toBe('handshake-violation');
  });

  it('refuses a server HELLO with the wrong role', async () => {
    const bad = linkFrame(7, encodeUntyped({ protocol: 1, role: 'client', codec: 'msgpack', clientId: 'x', fingerprints: [] }));
    const { port } = await rawServer((socket) => socket.write(frames(bad)));
    const error = await connect(runtime(), { port, onError: () => undefined }).catch((e: unknown) => e);
    expect((error as TypewireError).message).toContain('role');
  });

  it('drops a server that goes silent after the handshake, and reconnects', async () => {
    const { port, accepted } = await rawServer((socket) => {
      socket.once('data', () => socket.write(frames(serverHello(40), linkFrame(FRAME_READY, new Uint8Array(0)))));
    });
    const c = track(await connect(runtime(), { port, reconnect: { initialMs: 5, maxMs: 10 }, onError: () => undefined }));
    const changes: StateChange[] = [];
    c.onStateChange((change) => changes.push(change));
    await waitFor(() => accepted() >= 2, 'a reconnect after the silence');
    expect(changes[0]?.state).toBe('disconnected');
    expect(reasonOf(changes[0]?.reason)).toBe('idle-timeout');
  });

  it('completes a flush made while disconnected once it is back, without a duplicate PING', async () => {
    let accepting = true;
    const pings: number[] = [];
    const { port } = await rawServer((socket, index) => {
      if (!accepting) return void socket.destroy();
      const decoder = new FrameDecoder(
        (frame) => {
          if (frame[0] === FRAME_HELLO) socket.write(frames(serverHello(60_000), linkFrame(FRAME_READY, new Uint8Array(0))));
          // The first connection dies as soon as the client is linked; later ones answer PINGs.
          else if (frame[0] === FRAME_READY && index === 0) {
            accepting = false;
            socket.destroy();
          } else if (frame[0] === FRAME_PING) {
            pings.push(decodeUntyped(frame.subarray(1)) as number);
            socket.write(frames(linkFrame(FRAME_PONG, frame.subarray(1))));
          }
        },
        { maxFrameBytes: 1 << 20 },
      );
      socket.on('data', (chunk) => decoder.push(chunk));
    });
    const errors: unknown[] = [];
    const r = runtime({}, errors);
    const c = track(await connect(r, { port, reconnect: { initialMs: 5, maxMs: 10 }, onError: (e) => errors.push(e) }));
    await waitFor(() => c.state === 'reconnecting', 'the loss');
    const flushed = r.flush();
    accepting = true;
    await flushed;
    expect(c.state).toBe('connected');
    expect(errors).toEqual([]);
    expect(pings).toHaveLength(1);
  });
});
