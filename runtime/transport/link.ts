/**
 * A link joins this runtime's bus to a peer's over a Transport. Each side
 * tells the other what it subscribes to (SUB/UNSUB); each side forwards the
 * envelopes the other wants (PUB). Requests and replies are ordinary
 * envelopes (a reply goes to the requester's inbox subject), so RPC needs
 * nothing more. Frames: one kind byte, then the body.
 */
import type { Bus } from '../bus/bus.js';
import type { Subscription } from '../bus/types.js';
import type { CodecName } from '../codec/codec.js';
import { decodeEnvelope, decodeUntyped, encodeEnvelope, encodeUntyped } from '../codec/envelope-frame.js';
import type { Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { DESCRIPTOR, EncodedPayload, ORIGIN, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest, InterestEntry } from '../internal/interest.js';
import type { Transport } from './transport.js';

export const FRAME_SUB = 1;
export const FRAME_UNSUB = 2;
export const FRAME_PUB = 3;
/** Sent after the initial SUB frames: the peer now knows everything we listen to. */
export const FRAME_READY = 4;
/** Round trip: the peer answers PONG after handling every frame sent before the PING. */
export const FRAME_PING = 5;
export const FRAME_PONG = 6;

export interface LinkOptions {
  readonly codec: CodecName;
  /**
   * Forward every local publish to the peer, not only what the peer asked
   * for (a client whose server routes for it). Default false.
   */
  readonly forwardAll?: boolean;
  readonly maxFrameBytes?: number;
  readonly onError: (error: TypewireError, context: string) => void;
  /** Called once when the link closes, from either side. */
  readonly onClosed?: () => void;
}

export class Link {
  /** Resolves once the peer has sent its initial interest. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly peerInterest = new Map<number, Subscription>();
  private readonly stopListening: () => void;
  private readonly forwardAllSubscription: Subscription | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly transport: Transport,
    interest: Interest,
    private readonly options: LinkOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose(() => this.teardown());
    this.stopListening = interest.listen({
      added: (entry) => this.sendInterest(FRAME_SUB, entry),
      removed: (entry) => this.sendInterest(FRAME_UNSUB, entry),
    });
    for (const entry of interest.all()) this.sendInterest(FRAME_SUB, entry);
    this.sendFrame(FRAME_READY, new Uint8Array(0));
    this.forwardAllSubscription = options.forwardAll ? bus.subscribe('#', this.forward) : undefined;
  }

  private readonly pings = new Map<number, () => void>();
  private nextPing = 1;

  /**
   * Resolves once the peer has handled every frame sent before this call, so
   * a subscription made just before is known to the peer (as NATS `flush`).
   */
  flush(): Promise<void> {
    if (this.transport.closed) return Promise.resolve();
    const id = this.nextPing++;
    return new Promise((resolve) => {
      this.pings.set(id, resolve);
      this.sendFrame(FRAME_PING, encodeUntyped(id));
    });
  }

  close(): void {
    this.transport.close();
    this.teardown();
  }

  private closedOnce = false;

  private teardown(): void {
    if (this.closedOnce) return;
    this.closedOnce = true;
    this.options.onClosed?.();
    this.stopListening();
    this.forwardAllSubscription?.unsubscribe();
    for (const sub of this.peerInterest.values()) sub.unsubscribe();
    this.peerInterest.clear();
    for (const resolve of this.pings.values()) resolve();
    this.pings.clear();
    this.markReady();
  }

  private sendInterest(kind: number, entry: InterestEntry): void {
    const body = kind === FRAME_SUB ? [entry.id, entry.pattern, entry.queue ?? null] : [entry.id];
    this.sendFrame(kind, encodeUntyped(body));
  }

  private sendFrame(kind: number, body: Uint8Array): void {
    if (this.transport.closed) return;
    const frame = new Uint8Array(body.length + 1);
    frame[0] = kind;
    frame.set(body, 1);
    this.transport.send(frame);
  }

  /**
   * Envelopes forwarded in this tick. Several peer subscriptions can match one
   * envelope (`a.*` and `a.#`); the peer's own bus fans it out, so it must
   * cross the link once. Cleared on the next microtask.
   */
  private forwardedThisTick = new Set<Envelope<unknown>>();
  private clearScheduled = false;
  private readonly clearForwarded = (): void => {
    this.forwardedThisTick.clear();
    this.clearScheduled = false;
  };

  /** Sends a local envelope the peer subscribed to, unless it came from the peer or was already sent. */
  private readonly forward = (envelope: InternalEnvelope): void => {
    if (envelope[ORIGIN] === this || this.forwardedThisTick.has(envelope)) return;
    this.forwardedThisTick.add(envelope);
    if (!this.clearScheduled) {
      this.clearScheduled = true;
      queueMicrotask(this.clearForwarded);
    }
    const { payload } = envelope;
    let bytes: Uint8Array;
    let codec: CodecName;
    if (payload instanceof EncodedPayload) {
      bytes = payload.bytes;
      codec = payload.codec;
    } else if (envelope[DESCRIPTOR]) {
      codec = this.options.codec;
      bytes = envelope[DESCRIPTOR][codec].encode(payload);
    } else {
      codec = 'msgpack';
      bytes = encodeUntyped(payload);
    }
    this.sendFrame(FRAME_PUB, encodeEnvelope(envelope as Envelope<unknown>, bytes, codec));
    this.bus.countRemote('sent');
  };

  private receive(frame: Uint8Array): void {
    try {
      if (this.options.maxFrameBytes !== undefined && frame.length > this.options.maxFrameBytes) {
        throw new TypewireError('SERIALIZATION_TOO_LARGE', `frame of ${frame.length} bytes exceeds ${this.options.maxFrameBytes}`);
      }
      const kind = frame[0];
      const body = frame.subarray(1);
      if (kind === FRAME_PUB) this.receivePublish(body);
      else if (kind === FRAME_SUB) this.receiveSubscribe(body);
      else if (kind === FRAME_UNSUB) this.receiveUnsubscribe(body);
      else if (kind === FRAME_READY) this.markReady();
      else if (kind === FRAME_PING) this.sendFrame(FRAME_PONG, body.slice());
      else if (kind === FRAME_PONG) this.receivePong(body);
      else throw new TypewireError('TRANSPORT_PROTOCOL', `unknown frame kind ${String(kind)}`);
    } catch (error) {
      this.options.onError(TypewireError.from(error), 'link frame rejected');
    }
  }

  private receivePublish(body: Uint8Array): void {
    const { envelope, codec } = decodeEnvelope(body, { maxBytes: this.options.maxFrameBytes });
    const local = envelope as InternalEnvelope;
    local.payload = new EncodedPayload(envelope.payload, codec);
    local[ORIGIN] = this;
    this.bus.countRemote('received');
    this.bus.publish(local);
  }

  private receiveSubscribe(body: Uint8Array): void {
    const decoded = decodeUntyped(body);
    if (!Array.isArray(decoded) || typeof decoded[0] !== 'number' || typeof decoded[1] !== 'string') {
      throw new TypewireError('TRANSPORT_PROTOCOL', 'malformed SUB frame');
    }
    const [id, pattern, queue] = decoded as [number, string, string | null];
    if (this.options.forwardAll || this.peerInterest.has(id)) return;
    this.peerInterest.set(id, this.bus.subscribe(pattern, this.forward, queue === null ? {} : { queue }));
  }

  private receivePong(body: Uint8Array): void {
    const id = decodeUntyped(body);
    const resolve = typeof id === 'number' ? this.pings.get(id) : undefined;
    if (!resolve) throw new TypewireError('TRANSPORT_PROTOCOL', 'PONG for no pending PING');
    this.pings.delete(id as number);
    resolve();
  }

  private receiveUnsubscribe(body: Uint8Array): void {
    const decoded = decodeUntyped(body);
    if (!Array.isArray(decoded) || typeof decoded[0] !== 'number') throw new TypewireError('TRANSPORT_PROTOCOL', 'malformed UNSUB frame');
    const sub = this.peerInterest.get(decoded[0]);
    sub?.unsubscribe();
    this.peerInterest.delete(decoded[0]);
  }
}
