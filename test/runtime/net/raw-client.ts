/**
 * A hand-driven TCP peer for fault tests: writes whatever bytes a test gives
 * it and decodes what the server sends, with no typewire client logic in
 * between.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { decodeUntyped, encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { encodeEnvelope } from '../../../runtime/codec/envelope-frame.js';
import { createEnvelope, type Envelope } from '../../../runtime/envelope.js';
import type { CodecName } from '../../../runtime/codec/codec.js';
import type { MessageDescriptor } from '../../../runtime/descriptors.js';
import { decodeErrorFrame, type PeerError } from '../../../runtime/transport/error-frame.js';
import { encodeFrames } from '../../../runtime/transport/frame-batcher.js';
import { FrameDecoder } from '../../../runtime/transport/frame-decoder.js';
import { FRAME_ERROR, FRAME_PUB, FRAME_READY, FRAME_SUB, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import { encodeHello, PROTOCOL_VERSION } from '../../../runtime/net/hello.js';
import { decodeEnvelope } from '../../../runtime/codec/envelope-frame.js';
import { onCleanup, waitFor } from './harness.js';

export class RawClient {
  readonly frames: Uint8Array[] = [];
  ended = false;
  private readonly decoder = new FrameDecoder((frame) => this.frames.push(frame.slice()), { maxFrameBytes: 64 * 1024 * 1024 });

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.decoder.push(chunk));
    socket.on('close', () => (this.ended = true));
    socket.on('error', () => (this.ended = true));
  }

  static async open(port: number): Promise<RawClient> {
    const socket = netConnect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const raw = new RawClient(socket);
    onCleanup(() => void socket.destroy());
    return raw;
  }

  /** Opens a connection and completes the handshake (with the given fingerprints), then sends READY. */
  static async linked(port: number, fingerprints: ReadonlyMap<string, string> = new Map(), codec: CodecName = 'msgpack'): Promise<RawClient> {
    const raw = await RawClient.open(port);
    raw.sendFrame(encodeHello({ role: 'client', protocol: PROTOCOL_VERSION, codec, clientId: 'raw', fingerprints }));
    await waitFor(() => raw.kinds().includes(FRAME_READY), 'the server READY');
    raw.sendFrame(linkFrame(FRAME_READY, new Uint8Array(0)));
    return raw;
  }

  sendBytes(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  sendFrame(frame: Uint8Array): void {
    this.socket.write(encodeFrames([frame], frame.byteLength));
  }

  subscribe(id: number, pattern: string): void {
    this.sendFrame(linkFrame(FRAME_SUB, encodeUntyped([id, pattern, null])));
  }

  /** Sends a PUB whose payload is `payload` encoded with the schema-less codec (or raw bytes). */
  publish(type: string, payload: unknown, fields: Partial<Envelope<unknown>> = {}): Envelope<unknown> {
    const envelope = createEnvelope(type, undefined, { source: 'raw', ...fields });
    const bytes = payload instanceof Uint8Array ? payload : encodeUntyped(payload);
    this.sendFrame(linkFrame(FRAME_PUB, encodeEnvelope(envelope, bytes, 'msgpack')));
    return envelope;
  }

  kinds(): number[] {
    return this.frames.map((f) => f[0]!);
  }

  errors(): PeerError[] {
    return this.frames.filter((f) => f[0] === FRAME_ERROR).map((f) => decodeErrorFrame(f.subarray(1)));
  }

  /** Envelopes received, payloads still encoded. */
  envelopes(): Array<Envelope<Uint8Array>> {
    return this.frames.filter((f) => f[0] === FRAME_PUB).map((f) => decodeEnvelope(f.subarray(1)).envelope);
  }

  /**
   * The reply to `request`, once it arrives. An error reply's payload is
   * decoded with the schema-less codec, a response with `response` (which
   * knows the schema's msgpack records).
   */
  async replyTo(request: Envelope<unknown>, response?: MessageDescriptor<unknown>): Promise<Envelope<unknown>> {
    await waitFor(() => this.envelopes().some((e) => e.correlationId === request.id), `a reply to ${request.type}`);
    const reply = this.envelopes().find((e) => e.correlationId === request.id)!;
    const isError = reply.headers?.['typewire-status'] === 'error';
    return { ...reply, payload: isError || !response ? decodeUntyped(reply.payload) : response.msgpack.decode(reply.payload) };
  }

  async closed(): Promise<void> {
    await waitFor(() => this.ended, 'the server to close the connection');
  }
}
