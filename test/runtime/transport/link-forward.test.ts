/**
 * What a link sends for the envelopes its peer subscribed to: each envelope
 * once per tick however many peer subscriptions match it, and a reply-to
 * checked on every request even when the peer repeats it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnvelopeAt, encodeEnvelope } from '../../../runtime/codec/envelope-frame.js';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { createEnvelope, type Envelope } from '../../../runtime/envelope.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { createRuntime, type Runtime } from '../../../runtime/runtime.js';
import { FRAME_PUB, FRAME_SUB, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import type { Transport } from '../../../runtime/transport/transport.js';

class CapturingTransport implements Transport {
  readonly sent: Uint8Array[] = [];
  receive: (frame: Uint8Array) => void = () => undefined;
  closed = false;
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  onFrame(handler: (frame: Uint8Array) => void): void {
    this.receive = handler;
  }
  onClose(): void {}
  close(): void {
    this.closed = true;
  }
  /** Subjects of the PUB frames sent so far. */
  published(): string[] {
    return this.sent.filter((f) => f[0] === FRAME_PUB).map((f) => decodeEnvelopeAt(f, 1).envelope.type);
  }
}

const open: Runtime[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A runtime attached to a capturing peer that subscribed to `patterns` (each with its own SUB id). */
function peerSubscribedTo(...patterns: string[]): { runtime: Runtime; peer: CapturingTransport; errors: TypewireError[] } {
  const errors: TypewireError[] = [];
  const runtime = createRuntime({ onError: () => undefined });
  open.push(runtime);
  const peer = new CapturingTransport();
  runtime.attach(peer, { onError: (error) => errors.push(error) });
  patterns.forEach((pattern, i) => peer.receive(linkFrame(FRAME_SUB, encodeUntyped([i + 1, pattern, null]))));
  return { runtime, peer, errors };
}

const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('link forwarding', () => {
  it('sends each envelope once per tick, however many peer subscriptions match, several envelopes in one tick included', async () => {
    const { runtime, peer } = peerSubscribedTo('a.*', 'a.#', 'a.b', '#');
    const envelopes = ['a.b', 'a.c', 'a.b.c'].map((type) => createEnvelope(type, undefined));
    for (const envelope of envelopes) runtime.bus.publish(envelope);
    runtime.bus.publish(envelopes[0]!); // again in the same tick: not sent twice
    expect(peer.published()).toEqual(['a.b', 'a.c', 'a.b.c']);
    await nextMicrotask();
    runtime.bus.publish(envelopes[0]!); // a later tick: sent again
    expect(peer.published()).toEqual(['a.b', 'a.c', 'a.b.c', 'a.b']);
  });

  it('sends an envelope once on each of two links whose subscriptions interleave', () => {
    const { runtime, peer: first } = peerSubscribedTo('x.*');
    const second = new CapturingTransport();
    runtime.attach(second, { onError: () => undefined });
    second.receive(linkFrame(FRAME_SUB, encodeUntyped([1, 'x.*', null])));
    first.receive(linkFrame(FRAME_SUB, encodeUntyped([2, 'x.#', null])));
    runtime.bus.publish(createEnvelope('x.y', undefined));
    expect([first.published(), second.published()]).toEqual([['x.y'], ['x.y']]);
  });
});

describe('link reply-to check', () => {
  const request = (replyTo: string): Uint8Array => {
    const envelope: Envelope<unknown> = createEnvelope('svc.method', undefined, { replyTo });
    return linkFrame(FRAME_PUB, encodeEnvelope(envelope, encodeUntyped(null), 'msgpack'));
  };

  it('refuses a reply-to that is not a topic, also after a peer has sent valid ones', () => {
    const { runtime, peer, errors } = peerSubscribedTo();
    const served: string[] = [];
    runtime.bus.subscribe('svc.method', (envelope) => void served.push(envelope.replyTo ?? ''));
    peer.receive(request('_INBOX.ok'));
    peer.receive(request('_INBOX.ok'));
    peer.receive(request('bad topic'));
    peer.receive(request('_INBOX.ok'));
    expect(served).toEqual(['_INBOX.ok', '_INBOX.ok', '_INBOX.ok']);
    expect(errors.map((e) => e.code)).toEqual(['VALIDATION_BAD_TOPIC']);
  });
});
