/**
 * A link joins this runtime's bus to a peer's over a Transport. Each side
 * tells the other what it subscribes to (SUB/UNSUB); each side forwards the
 * envelopes the other wants (PUB). Requests and replies are ordinary
 * envelopes (a reply goes to the requester's inbox subject), so RPC needs
 * nothing more. Frames: one kind byte, then the body (frame-kinds.ts,
 * docs/protocol.md).
 *
 * Network servers and clients add a few things through LinkOptions and the
 * public methods below: interest relayed between clients, request tracking
 * for a graceful drain, heartbeats, and a resync after a reconnect.
 */
import type { Bus } from '../bus/bus.js';
import { assertTopic } from '../bus/topic.js';
import type { Subscription } from '../bus/types.js';
import type { CodecName } from '../codec/codec.js';
import { decodeEnvelopeAt, decodeUntyped, encodeUntyped } from '../codec/envelope-frame.js';
import type { Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { EncodedPayload, ORIGIN, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest, InterestEntry } from '../internal/interest.js';
import { decodeErrorFrame, encodeErrorFrame } from './error-frame.js';
import { FRAME_ERROR, FRAME_KIND_NAMES, FRAME_PING, FRAME_PONG, FRAME_PUB, FRAME_READY, FRAME_SUB, FRAME_UNSUB, linkFrame } from './frame-kinds.js';
import { encodeErrorReplyFrame, encodePublishFrame } from './publish-frame.js';
import { PeerInterest } from './peer-interest.js';
import { RequestTracker } from './request-tracker.js';
import type { Transport } from './transport.js';

export { FRAME_SUB, FRAME_UNSUB, FRAME_PUB, FRAME_READY, FRAME_PING, FRAME_PONG, FRAME_HELLO, FRAME_ERROR } from './frame-kinds.js';
export { encodePublishFrame } from './publish-frame.js';

/**
 * Set on an envelope a link could not send (its transport refused it, e.g.
 * TRANSPORT_BUFFER_FULL). The publisher may read and delete it right after
 * `bus.publish`; if nobody does, the link reports the error on the next microtask.
 */
export const SEND_FAILED: unique symbol = Symbol('typewire.sendFailed');
type Sendable = InternalEnvelope & { [SEND_FAILED]?: TypewireError };

/** Told about the peer's subscriptions, so that a server can pass them on to its other clients. */
export interface InterestRelay {
  /** A link opened (or resynced): announce to it, with `link.announce`, what it should know. Called before its READY. */
  linkOpened(link: Link): void;
  peerAdded(link: Link, id: number, pattern: string, queue: string | undefined): void;
  peerRemoved(link: Link, id: number): void;
  /** The link closed: forget everything it added. */
  linkClosed(link: Link): void;
}

/**
 * Told about each envelope that crosses the link, with its encoded size. The
 * runtime passes its metrics here (RuntimeMetrics has this shape); the link
 * knows nothing more about them.
 */
export interface LinkTraffic {
  messageIn(subject: string, bytes: number): void;
  messageOut(subject: string, bytes: number): void;
}

export interface LinkOptions {
  readonly codec: CodecName;
  /**
   * Forward every local publish to the peer, not only what the peer asked
   * for (a client whose server routes for it). Default false.
   */
  readonly forwardAll?: boolean;
  readonly maxFrameBytes?: number;
  /** Written into the error replies the link itself sends. Default `typewire`. */
  readonly source?: string;
  readonly onError: (error: TypewireError, context: string) => void;
  /** Called once when the link closes, from either side. */
  readonly onClosed?: () => void;
  readonly relay?: InterestRelay;
  /** Remember inbound requests until their reply leaves, so a server can drain (see inFlightRequests). */
  readonly trackRequests?: boolean;
  /** Counts envelopes and bytes in and out, by subject. */
  readonly traffic?: LinkTraffic;
}

export class Link {
  /** Resolves once the peer has sent its initial interest. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly peerInterest: PeerInterest;
  private readonly stopListening: () => void;
  private readonly forwardAllSubscription: Subscription | undefined;
  private readonly requests: RequestTracker | undefined;
  /** When set, inbound requests are answered with this error instead of being served (a draining server). */
  private refusal: TypewireError | undefined;
  private readonly pings = new Map<number, () => void>();
  private readonly decodeLimits: { readonly maxBytes: number | undefined };
  /** The last reply-to that passed assertTopic. */
  private checkedReplyTo: string | undefined;
  private nextPing = 1;
  private closedOnce = false;

  constructor(
    private readonly bus: Bus,
    private readonly transport: Transport,
    private readonly interest: Interest,
    private readonly options: LinkOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.decodeLimits = { maxBytes: options.maxFrameBytes };
    this.requests = options.trackRequests ? new RequestTracker() : undefined;
    this.peerInterest = new PeerInterest(bus, this.forward);
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose(() => this.teardown());
    this.stopListening = interest.listen({
      added: (entry) => this.sendInterest(FRAME_SUB, entry),
      removed: (entry) => this.sendInterest(FRAME_UNSUB, entry),
    });
    this.sendAllInterest();
    this.forwardAllSubscription = options.forwardAll ? bus.subscribe('#', this.forward) : undefined;
  }

  get closed(): boolean {
    return this.closedOnce;
  }

  /** The codec this link encodes payloads with. */
  get codec(): CodecName {
    return this.options.codec;
  }

  /** True while the transport refuses every send (see Transport.backlogFull). */
  get backlogFull(): boolean {
    return this.transport.backlogFull === true;
  }

  /** Requests received from the peer whose reply has not left yet (only with `trackRequests`). */
  get inFlightRequests(): number {
    return this.requests?.size ?? 0;
  }

  /**
   * Resolves once the peer has handled every frame sent before this call, so
   * a subscription made just before is known to the peer (as NATS `flush`).
   */
  flush(): Promise<void> {
    if (this.closedOnce) return Promise.resolve();
    const id = this.nextPing++;
    return new Promise((resolve) => {
      this.pings.set(id, resolve);
      this.sendFrame(FRAME_PING, encodeUntyped(id));
    });
  }

  /** A PING the peer answers but nobody waits for: keeps an idle connection provably alive. */
  heartbeat(): void {
    this.sendFrame(FRAME_PING, encodeUntyped(0));
  }

  /**
   * After the transport reconnected to a (possibly new) peer: tell it our
   * interest again and re-ask pending flushes. The peer's old subscriptions
   * stay in place until its new READY, so publishes in between still route.
   */
  resync(): void {
    if (this.closedOnce) return;
    this.peerInterest.markStale();
    this.sendAllInterest();
    for (const id of this.pings.keys()) this.sendFrame(FRAME_PING, encodeUntyped(id));
  }

  /** Sends a PUB frame made by encodePublishFrame (encode once, send to many); `subject` is the envelope's, for traffic counts. */
  sendPublish(frame: Uint8Array, subject?: string): void {
    this.transport.send(frame);
    this.bus.countRemote('sent');
    if (subject !== undefined) this.options.traffic?.messageOut(subject, frame.length);
  }

  /** Sends a SUB on behalf of someone else (a relay); `id` must not collide with interest ids (relays use negative ones). */
  announce(id: number, pattern: string, queue: string | undefined): void {
    this.sendFrame(FRAME_SUB, encodeUntyped([id, pattern, queue ?? null]));
  }

  withdraw(id: number): void {
    this.sendFrame(FRAME_UNSUB, encodeUntyped([id]));
  }

  /** Answers every later request from the peer with `error` instead of serving it. */
  refuseRequests(error: TypewireError): void {
    this.refusal = error;
  }

  /** Answers every request still in flight with `error` (a drain that ran out of time hands the work back). */
  handBackRequests(error: TypewireError): void {
    if (!this.requests) return;
    for (const [id, replyTo] of this.requests.drain()) this.replyError(id, replyTo, error);
  }

  /** Reports `error` to the peer; `fatal` says the connection closes after it. */
  sendError(error: TypewireError, fatal = false): void {
    if (this.transport.closed) return;
    try {
      this.transport.send(encodeErrorFrame(error, fatal));
    } catch {
      // Reporting an error must never raise another one.
    }
  }

  close(reason?: TypewireError): void {
    this.transport.close(reason);
    this.teardown();
  }

  private teardown(): void {
    if (this.closedOnce) return;
    this.closedOnce = true;
    this.options.onClosed?.();
    this.options.relay?.linkClosed(this);
    this.stopListening();
    this.forwardAllSubscription?.unsubscribe();
    this.peerInterest.clear();
    for (const resolve of this.pings.values()) resolve();
    this.pings.clear();
    this.markReady();
  }

  private sendAllInterest(): void {
    for (const entry of this.interest.all()) this.sendInterest(FRAME_SUB, entry);
    this.options.relay?.linkOpened(this);
    this.sendFrame(FRAME_READY, new Uint8Array(0));
  }

  private sendInterest(kind: number, entry: InterestEntry): void {
    const body = kind === FRAME_SUB ? [entry.id, entry.pattern, entry.queue ?? null] : [entry.id];
    this.sendFrame(kind, encodeUntyped(body));
  }

  /**
   * Sends a control frame. A refusal is reported, not thrown: these are sent
   * from inside subscribe() and interest listeners, whose callers cannot act
   * on a full socket buffer (and a reconnecting client re-sends them anyway).
   */
  private sendFrame(kind: number, body: Uint8Array): void {
    if (this.transport.closed) return;
    try {
      this.transport.send(linkFrame(kind, body));
    } catch (error) {
      this.options.onError(TypewireError.from(error), `link could not send a ${FRAME_KIND_NAMES[kind] ?? kind} frame`);
    }
  }

  /**
   * Envelopes forwarded in this tick: `lastForwarded` and, when there were
   * several, the earlier ones in `forwardedEarlier`. Several peer
   * subscriptions can match one envelope (`a.*` and `a.#`); the peer's own
   * bus fans it out, so it must cross the link once. Cleared on the next
   * microtask. The last one is kept apart because the usual tick forwards
   * one envelope (a request, a reply), which then costs no Set operation.
   */
  private lastForwarded: Envelope<unknown> | undefined;
  private forwardedEarlier = new Set<Envelope<unknown>>();
  private clearScheduled = false;
  private readonly clearForwarded = (): void => {
    this.lastForwarded = undefined;
    if (this.forwardedEarlier.size > 0) this.forwardedEarlier.clear();
    this.clearScheduled = false;
  };

  /** Sends a local envelope the peer subscribed to, unless it came from the peer or was already sent. */
  private readonly forward = (envelope: Sendable): void => {
    if (envelope[ORIGIN] === this || envelope === this.lastForwarded) return;
    if (this.lastForwarded !== undefined) {
      if (this.forwardedEarlier.has(envelope)) return;
      this.forwardedEarlier.add(this.lastForwarded);
    }
    this.lastForwarded = envelope;
    if (!this.clearScheduled) {
      this.clearScheduled = true;
      queueMicrotask(this.clearForwarded);
    }
    try {
      this.sendPublish(encodePublishFrame(envelope, this.options.codec), envelope.type);
      if (envelope.correlationId !== undefined) this.requests?.answered(envelope.correlationId);
    } catch (error) {
      this.sendFailed(envelope, TypewireError.from(error));
    }
  };

  private sendFailed(envelope: Sendable, error: TypewireError): void {
    envelope[SEND_FAILED] = error;
    queueMicrotask(() => {
      if (envelope[SEND_FAILED] === error) this.options.onError(error, `link could not send ${envelope.type}`);
    });
  }

  private receive(frame: Uint8Array): void {
    const kind = frame[0];
    try {
      if (this.options.maxFrameBytes !== undefined && frame.length > this.options.maxFrameBytes) {
        throw new TypewireError('SERIALIZATION_TOO_LARGE', `frame of ${frame.length} bytes exceeds ${this.options.maxFrameBytes}`, {
          details: { size: frame.length, maxBytes: this.options.maxFrameBytes },
        });
      }
      // PUB, the hot one, is decoded in place; the rest get a view of their body.
      if (kind === FRAME_PUB) return this.receivePublish(frame);
      const body = frame.subarray(1);
      if (kind === FRAME_SUB) this.receiveSubscribe(body);
      else if (kind === FRAME_UNSUB) this.receiveUnsubscribe(body);
      else if (kind === FRAME_READY) this.receiveReady();
      else if (kind === FRAME_PING) this.sendFrame(FRAME_PONG, body.slice());
      else if (kind === FRAME_PONG) this.receivePong(body);
      else if (kind === FRAME_ERROR) this.receiveError(body);
      else throw new TypewireError('TRANSPORT_PROTOCOL', `unknown frame kind ${String(kind)}`, { details: { kind } });
    } catch (error) {
      const coded = TypewireError.from(error);
      this.options.onError(coded, 'link frame rejected');
      // Tell the peer what was wrong, but never answer an ERROR with an ERROR.
      if (kind !== FRAME_ERROR) this.sendError(coded);
    }
  }

  /** `frame` is the whole link frame: the envelope starts after its kind byte. */
  private receivePublish(frame: Uint8Array): void {
    const { envelope, codec } = decodeEnvelopeAt(frame, 1, this.decodeLimits);
    const replyTo = envelope.replyTo;
    // A reply-to that is not a topic could never be answered (the reply's publish would throw far from here).
    // A peer sends the same inbox again and again: it is checked once.
    if (replyTo !== undefined && replyTo !== this.checkedReplyTo) {
      assertTopic(replyTo);
      this.checkedReplyTo = replyTo;
    }
    const local = envelope as InternalEnvelope;
    local.payload = new EncodedPayload(envelope.payload, codec);
    local[ORIGIN] = this;
    this.bus.countRemote('received');
    this.options.traffic?.messageIn(envelope.type, frame.length - 1);
    if (replyTo !== undefined && this.refusal) return this.replyError(envelope.id, replyTo, this.refusal);
    if (replyTo !== undefined) this.requests?.received(envelope.id, replyTo);
    const delivered = this.peerInterest.publishFromPeer(local);
    if (delivered === 0 && replyTo !== undefined) {
      this.requests?.answered(envelope.id);
      const error = new TypewireError('TRANSPORT_NO_RESPONDERS', `no service handles ${envelope.type}`, { details: { subject: envelope.type } });
      this.replyError(envelope.id, replyTo, error);
    }
  }

  private replyError(requestId: string, replyTo: string, error: TypewireError): void {
    try {
      this.sendPublish(encodeErrorReplyFrame(requestId, replyTo, error, this.options.source ?? 'typewire'), replyTo);
    } catch (failure) {
      this.options.onError(TypewireError.from(failure), `link could not send an error reply to ${replyTo}`);
    }
  }

  private receiveSubscribe(body: Uint8Array): void {
    const decoded = decodeUntyped(body, { maxBytes: this.options.maxFrameBytes });
    if (!Array.isArray(decoded) || !Number.isSafeInteger(decoded[0]) || typeof decoded[1] !== 'string' || !(decoded[2] === null || decoded[2] === undefined || typeof decoded[2] === 'string')) {
      throw new TypewireError('TRANSPORT_PROTOCOL', 'malformed SUB frame');
    }
    const [id, pattern, queue] = decoded as [number, string, string | null | undefined];
    if (this.options.forwardAll) return;
    if (this.peerInterest.add(id, pattern, queue ?? undefined)) this.options.relay?.peerAdded(this, id, pattern, queue ?? undefined);
  }

  private receiveUnsubscribe(body: Uint8Array): void {
    const decoded = decodeUntyped(body, { maxBytes: this.options.maxFrameBytes });
    if (!Array.isArray(decoded) || !Number.isSafeInteger(decoded[0])) throw new TypewireError('TRANSPORT_PROTOCOL', 'malformed UNSUB frame');
    const id = decoded[0] as number;
    if (this.peerInterest.remove(id)) this.options.relay?.peerRemoved(this, id);
  }

  private receiveReady(): void {
    this.peerInterest.dropStale();
    this.markReady();
  }

  private receivePong(body: Uint8Array): void {
    const id = decodeUntyped(body, { maxBytes: 64 });
    if (id === 0) return;
    const resolve = typeof id === 'number' ? this.pings.get(id) : undefined;
    if (!resolve) throw new TypewireError('TRANSPORT_PROTOCOL', 'PONG for no pending PING');
    this.pings.delete(id as number);
    resolve();
  }

  private receiveError(body: Uint8Array): void {
    const { error, fatal } = decodeErrorFrame(body, this.options.maxFrameBytes);
    this.options.onError(error, fatal ? 'peer closed the link' : 'peer rejected a frame');
  }
}
