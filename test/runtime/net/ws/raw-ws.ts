/**
 * A hand-driven WebSocket peer for fault tests: sends whatever messages a
 * test gives it and splits what the server sends into frames, with no
 * typewire client logic in between.
 */
import { WebSocket } from 'ws';
import { encodeEnvelope, decodeEnvelope } from '../../../../runtime/codec/envelope-frame.js';
import { encodeUntyped } from '../../../../runtime/codec/untyped-codec.js';
import { createEnvelope, type Envelope } from '../../../../runtime/envelope.js';
import { encodeHello, PROTOCOL_VERSION } from '../../../../runtime/net/hello.js';
import { splitMessage } from '../../../../runtime/net/ws/ws-message.js';
import { decodeErrorFrame, type PeerError } from '../../../../runtime/transport/error-frame.js';
import { encodeFrames } from '../../../../runtime/transport/frame-batcher.js';
import { FRAME_ERROR, FRAME_PUB, FRAME_READY, FRAME_SUB, linkFrame } from '../../../../runtime/transport/frame-kinds.js';
import { onCleanup, waitFor } from '../harness.js';

export class RawWs {
  /** Every binary message received, split into frames. */
  readonly messages: Uint8Array[][] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.messages.push(splitMessage(new Uint8Array(data), 64 * 1024 * 1024).map((f) => f.slice())));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => undefined);
  }

  static async open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<RawWs> {
    const ws = new WebSocket(url, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    onCleanup(() => ws.terminate());
    return new RawWs(ws);
  }

  /** Opens a connection, completes the handshake, sends READY, and subscribes to `inbox`. */
  static async linked(url: string, fingerprints: ReadonlyMap<string, string>, inbox: string): Promise<RawWs> {
    const raw = await RawWs.open(url);
    raw.sendFrames([encodeHello({ role: 'client', protocol: PROTOCOL_VERSION, codec: 'msgpack', clientId: 'raw', fingerprints })]);
    await waitFor(() => raw.frames().some((f) => f[0] === FRAME_READY), 'the server READY');
    raw.sendFrames([linkFrame(FRAME_SUB, encodeUntyped([1, inbox, null])), linkFrame(FRAME_READY, new Uint8Array(0))]);
    return raw;
  }

  /** One binary message holding these frames. */
  sendFrames(frames: Uint8Array[]): void {
    this.ws.send(encodeFrames(frames, frames.reduce((n, f) => n + f.byteLength, 0)));
  }

  /** Sends a request whose payload is already encoded with the message's codec. */
  request(type: string, payload: Uint8Array, replyTo: string): Envelope<unknown> {
    const envelope = createEnvelope(type, undefined, { source: 'raw', replyTo });
    this.sendFrames([linkFrame(FRAME_PUB, encodeEnvelope(envelope, payload, 'msgpack'))]);
    return envelope;
  }

  frames(): Uint8Array[] {
    return this.messages.flat();
  }

  errors(): PeerError[] {
    return this.frames().filter((f) => f[0] === FRAME_ERROR).map((f) => decodeErrorFrame(f.subarray(1)));
  }

  envelopes(): Array<Envelope<Uint8Array>> {
    return this.frames().filter((f) => f[0] === FRAME_PUB).map((f) => decodeEnvelope(f.subarray(1)).envelope);
  }

  async replyTo(request: Envelope<unknown>): Promise<Envelope<Uint8Array>> {
    await waitFor(() => this.envelopes().some((e) => e.correlationId === request.id), `a reply to ${request.type}`);
    return this.envelopes().find((e) => e.correlationId === request.id)!;
  }

  async closed(): Promise<number> {
    await waitFor(() => this.closeCode !== undefined, 'the server to close the WebSocket');
    return this.closeCode!;
  }
}
