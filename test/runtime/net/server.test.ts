import { afterEach, describe, expect, it } from 'vitest';
import { ChatMessagePostedEvent, createChatClient, defineChatService, routes, type ChatMessage } from '../../../generated/index.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import type { NetServer } from '../../../runtime/net/server.js';
import type { Session } from '../../../runtime/net/session.js';
import type { StateChange } from '../../../runtime/net/client.js';
import { createClient } from '../../../runtime/rpc/create-client.js';
import { defineService } from '../../../runtime/rpc/define-service.js';
import type { Runtime } from '../../../runtime/runtime.js';
import { FRAME_PING } from '../../../runtime/transport/frame-kinds.js';
import { ShopService } from '../fixtures/shop.js';
import { client, runtime, server, waitFor } from './harness.js';
import { RawClient } from './raw-client.js';

const reasonOf = (error: unknown): unknown => ((error as TypewireError | undefined)?.details as { reason?: unknown } | undefined)?.reason;

/** The example chat service: rooms are server groups, a post goes to the room except its author. */
function serveChat(r: Runtime, s: () => NetServer): void {
  r.serve(
    defineChatService({
      async joinRoom(request, ctx) {
        const session = s().sessionOf(ctx.envelope)!;
        session.data.set('member', request.member);
        s().groups.join(request.room, session.id);
        return { room: request.room, members: s().groups.members(request.room).map((m) => String(m.data.get('member'))) };
      },
      async postMessage(message, ctx) {
        const session = s().sessionOf(ctx.envelope);
        if (!session?.groups.has(message.room)) return ctx.fail('NOT_A_MEMBER');
        return { delivered: s().groups.broadcast(message.room, ChatMessagePostedEvent, message, { exclude: session.id }) };
      },
    }),
  );
}

async function chatMember(s: NetServer): Promise<{ r: Runtime; received: ChatMessage[]; chat: ReturnType<typeof createChatClient> }> {
  const r = runtime({ routes });
  await client(r, s);
  const received: ChatMessage[] = [];
  const chat = createChatClient(r);
  chat.events.messagePosted.subscribe((m) => {
    received.push(m);
  });
  await r.flush();
  return { r, received, chat };
}

describe('sessions and groups', () => {
  it('runs chat rooms on groups: a post reaches the other members only', async () => {
    const serverRuntime = runtime({ routes });
    let s!: NetServer;
    serveChat(serverRuntime, () => s);
    s = await server(serverRuntime);
    const [ada, bob, cyd] = await Promise.all([chatMember(s), chatMember(s), chatMember(s)]);
    expect((await ada.chat.joinRoom({ room: 'lobby', member: 'ada' })).members).toEqual(['ada']);
    expect((await bob.chat.joinRoom({ room: 'lobby', member: 'bob' })).members).toEqual(['ada', 'bob']);
    const post = { room: 'lobby', author: 'ada', text: 'hi', sentAt: 1n };
    expect(await ada.chat.postMessage(post)).toEqual({ delivered: 1 });
    await waitFor(() => bob.received.length === 1, 'bob to receive the post');
    expect(bob.received).toEqual([post]);
    const refused = await cyd.chat.postMessage({ ...post, author: 'cyd' }).catch((e: unknown) => e);
    expect((refused as TypewireError).code).toBe('NOT_A_MEMBER');
    await ada.r.flush();
    expect(ada.received).toEqual([]);
    expect(cyd.received).toEqual([]);
    expect(s.groups.list()).toEqual(['lobby']);
    await bob.r.close();
    await waitFor(() => s.groups.members('lobby').length === 1, 'bob to leave the room on disconnect');
  });

  it('broadcasts to all but the excluded, sends to one, and reports sessions', async () => {
    const s = await server(runtime({ routes }));
    const connected: Session[] = [];
    s.onConnect((session) => connected.push(session));
    const members = await Promise.all([chatMember(s), chatMember(s), chatMember(s)]);
    const [first, second] = connected;
    const post = { room: 'news', author: 'server', text: 'hello', sentAt: 2n };
    expect(s.broadcast(ChatMessagePostedEvent, post, { exclude: first!.id })).toBe(2);
    await waitFor(() => members.filter((m) => m.received.length === 1).length === 2, 'two members to receive the broadcast');
    expect(s.sendTo(second!.id, ChatMessagePostedEvent, { ...post, text: 'just you' })).toBe(true);
    expect(s.sendTo('no-such-session', ChatMessagePostedEvent, post)).toBe(false);
    await waitFor(() => members.some((m) => m.received.some((x) => x.text === 'just you')), 'the direct message');
    expect(first!.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first!.connectedAt).toBeLessThanOrEqual(first!.lastActivity);
    expect(second!.stats.framesOut).toBeGreaterThan(first!.stats.framesOut);
  });

  it('refuses to broadcast a payload that does not match its schema', () => {
    return server(runtime()).then((s) => {
      // @ts-expect-error text is required
      expect(() => s.broadcast(ChatMessagePostedEvent, { room: 'x', author: 'a', sentAt: 1n })).toThrow(/text/);
    });
  });

  it('tells disconnect handlers who left and why', async () => {
    const s = await server(runtime());
    const left: Array<[string, unknown]> = [];
    s.onDisconnect((session, reason) => left.push([session.clientId, reasonOf(reason)]));
    const c = await client(runtime(), s, { clientId: 'leaver' });
    const [session] = [...s.sessions.values()];
    session!.close();
    await waitFor(() => left.length === 1, 'the disconnect');
    expect(left[0]![0]).toBe('leaver');
    await waitFor(() => c.state === 'connected' && s.sessions.size === 1, 'the client to come back');
  });
});

describe('heartbeats and idle timeout', () => {
  it('closes a session that answers nothing, and keeps one that answers heartbeats', async () => {
    const s = await server(runtime(), { heartbeatMs: 10, idleTimeoutMs: 80 });
    const reasons: unknown[] = [];
    s.onDisconnect((_, reason) => reasons.push(reasonOf(reason)));
    const live = await client(runtime(), s);
    const silent = await RawClient.linked(s.port!);
    await waitFor(() => silent.kinds().filter((k) => k === FRAME_PING).length >= 2, 'heartbeats to the silent peer');
    await silent.closed();
    expect(reasons).toEqual(['idle-timeout']);
    expect(silent.errors().at(-1)?.error.details).toMatchObject({ reason: 'idle-timeout' });
    const liveSession = [...s.sessions.values()][0]!;
    const seen = liveSession.stats.framesIn;
    await waitFor(() => liveSession.stats.framesIn >= seen + 10, 'the live client to answer ten more heartbeats');
    expect(live.state).toBe('connected');
  });
});

describe('slow consumers', () => {
  it('disconnects a client that stops reading, with a coded reason, and serves the others', async () => {
    const s = await server(runtime(), { maxOutboundBytes: 256 * 1024 });
    const reasons: unknown[] = [];
    s.onDisconnect((_, reason) => reasons.push(reasonOf(reason)));
    const reader = await chatMember(s);
    const stuck = await RawClient.linked(s.port!, new Map(), 'msgpack');
    stuck.socket.pause();
    const big = { room: 'r', author: 'server', text: 'x'.repeat(1900), sentAt: 3n };
    for (let i = 0; i < 4000 && s.sessions.size === 2; i++) {
      s.broadcast(ChatMessagePostedEvent, big);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => reasons.length === 1, 'the stuck client to be dropped');
    expect(reasons).toEqual(['slow-consumer']);
    const before = reader.received.length;
    s.broadcast(ChatMessagePostedEvent, { ...big, text: 'after' });
    await waitFor(() => reader.received.at(-1)?.text === 'after', 'the reader to get the next message');
    expect(before).toBeGreaterThan(100);
  });
});

describe('graceful drain', () => {
  let release: () => void = () => undefined;
  afterEach(() => release());

  async function gated(): Promise<{ s: NetServer; shop: ReturnType<typeof createClient<typeof ShopService>>; changes: StateChange[]; started: string[] }> {
    const r = runtime();
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    r.serve(
      defineService(ShopService, {
        async place(order) {
          started.push(order.sku);
          await gate;
          return { orderId: order.sku, cents: 1n };
        },
        subscriptions: { anyOrder: () => undefined },
      }),
    );
    const s = await server(r);
    const c = runtime();
    const net = await client(c, s, { reconnect: false });
    const changes: StateChange[] = [];
    net.onStateChange((change) => changes.push(change));
    return { s, shop: createClient(c, ShopService), changes, started };
  }

  it('refuses new requests, lets in-flight ones finish, then closes with a reason', async () => {
    const { s, shop, changes, started } = await gated();
    const inFlight = shop.place({ sku: 'A', quantity: 1, cents: 1n });
    await waitFor(() => started.length === 1, 'the request to start');
    const closing = s.close({ drainMs: 5000 });
    const late = await shop.place({ sku: 'B', quantity: 1, cents: 1n }).catch((e: unknown) => e);
    expect((late as TypewireError).code).toBe('TRANSPORT_CLOSED');
    expect((late as TypewireError).retryable).toBe(true);
    release();
    expect(await inFlight).toEqual({ orderId: 'A', cents: 1n });
    await closing;
    await waitFor(() => changes.some((c) => c.state === 'closed'), 'the client to see the close');
    expect(reasonOf(changes[0]?.reason)).toBe('server-closing');
    expect(started).toEqual(['A']);
  });

  it('hands back what is still in flight at the deadline', async () => {
    const { s, shop, started } = await gated();
    const inFlight = shop.place({ sku: 'A', quantity: 1, cents: 1n }).catch((e: unknown) => e);
    await waitFor(() => started.length === 1, 'the request to start');
    await s.close({ drainMs: 30 });
    const error = (await inFlight) as TypewireError;
    expect(error.code).toBe('TRANSPORT_CLOSED');
    expect(reasonOf(error)).toBe('server-closing');
  });
});
