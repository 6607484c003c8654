import { describe, expect, it } from 'vitest';
import { routes } from '../../../generated/index.js';
import type { RouteTable } from '../../../runtime/descriptors.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import type { StateChange } from '../../../runtime/net/client.js';
import { encodeHello } from '../../../runtime/net/hello.js';
import { connect } from '../../../runtime/net/tcp/tcp.js';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { FRAME_HELLO, FRAME_PING, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import { client, runtime, server, track, waitFor } from './harness.js';
import { RawClient } from './raw-client.js';

/** The generated routes with two messages' schemas "changed". */
function drifted(): RouteTable {
  return routes.map((route) =>
    route.message.name === 'PlaceOrderRequest' || route.message.name === 'OrderPlaced' ? { ...route, message: { ...route.message, fingerprint: 'f'.repeat(64) } } : route,
  );
}

const reasonOf = (error: unknown): unknown => ((error as TypewireError).details as { reason?: unknown } | undefined)?.reason;

describe('handshake', () => {
  it('refuses a client built from other schemas, naming the messages that differ', async () => {
    const s = await server(runtime({ routes }));
    const error = await connect(runtime({ routes: drifted() }), { port: s.port, onError: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypewireError);
    expect((error as TypewireError).code).toBe('TRANSPORT_SCHEMA_MISMATCH');
    expect((error as TypewireError).message).toContain('OrderPlaced, PlaceOrderRequest');
    expect((error as TypewireError).details).toMatchObject({ reason: 'schema-mismatch', messages: ['OrderPlaced', 'PlaceOrderRequest'] });
    expect(s.sessions.size).toBe(0);
  });

  it('accepts a client that knows only some of the server messages', async () => {
    const s = await server(runtime({ routes }));
    const c = await client(runtime({ routes: routes.filter((r) => r.service === 'chat') }), s);
    expect(c.state).toBe('connected');
  });

  it('refuses another protocol version with a fatal ERROR naming both versions', async () => {
    const s = await server(runtime());
    const raw = await RawClient.open(s.port!);
    raw.sendFrame(linkFrame(FRAME_HELLO, encodeUntyped({ protocol: 99, role: 'client' })));
    await raw.closed();
    const [refusal] = raw.errors();
    expect(refusal?.fatal).toBe(true);
    expect(refusal?.error.details).toEqual({ reason: 'version', expected: 1, received: 99 });
  });

  it('closes a connection whose first frame is not HELLO', async () => {
    const s = await server(runtime());
    const raw = await RawClient.open(s.port!);
    raw.sendFrame(linkFrame(FRAME_PING, encodeUntyped(1)));
    await raw.closed();
    expect(reasonOf(raw.errors()[0]?.error)).toBe('handshake-violation');
  });

  it('closes a connection that sends a truncated frame and then nothing', async () => {
    const s = await server(runtime(), { handshakeTimeoutMs: 50 });
    const raw = await RawClient.open(s.port!);
    raw.sendBytes(new Uint8Array([0, 0, 0, 50, FRAME_HELLO, 1, 2]));
    await raw.closed();
    expect(reasonOf(raw.errors()[0]?.error)).toBe('handshake-timeout');
  });
});

describe('authentication', () => {
  const verifier = ({ token, clientId }: { token: string | undefined; clientId: string }) => {
    if (token !== 'good') throw new Error(`bad token for ${clientId}`);
    return { identity: { user: 'ada' } };
  };

  it('gives the verifier the token and the session its identity', async () => {
    const s = await server(runtime(), { auth: verifier });
    await client(runtime(), s, { token: 'good', clientId: 'ada-laptop' });
    const [session] = [...s.sessions.values()];
    expect(session?.identity).toEqual({ user: 'ada' });
    expect(session?.clientId).toBe('ada-laptop');
  });

  it('refuses a bad token with a coded error and does not retry', async () => {
    const s = await server(runtime(), { auth: verifier });
    let dials = 0;
    const error = await connect(runtime(), { port: s.port, token: () => (dials++, 'bad'), waitOnFirstConnect: true, reconnect: { initialMs: 1 }, onError: () => undefined }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('AUTH_UNAUTHENTICATED');
    expect((error as TypewireError).message).toContain('bad token');
    expect(reasonOf(error)).toBe('auth-refused');
    expect(dials).toBe(1);
    expect(s.sessions.size).toBe(0);
  });

  it('ends a session when its token expires; the client reconnects with a fresh token', async () => {
    let issued = 0;
    const s = await server(runtime(), {
      auth: ({ token }) => (token === 'short-lived' ? { expiresAt: Date.now() + 50 } : {}),
    });
    const changes: StateChange[] = [];
    const c = await client(runtime(), s, { token: () => (issued++ === 0 ? 'short-lived' : 'fresh') });
    c.onStateChange((change) => changes.push(change));
    const first = c.sessionId;
    await waitFor(() => c.state === 'connected' && c.sessionId !== first, 'a reconnect');
    expect(changes.map((x) => x.state)).toEqual(['disconnected', 'reconnecting', 'connected']);
    expect(reasonOf(changes[0]?.reason)).toBe('auth-expired');
    expect(issued).toBe(2);
  });
});

describe('connection limit', () => {
  it('refuses connections beyond maxConnections with a coded reason', async () => {
    const s = await server(runtime(), { maxConnections: 1 });
    await client(runtime(), s);
    const error = await connect(runtime(), { port: s.port, onError: () => undefined }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TRANSPORT_TOO_MANY_CONNECTIONS');
    expect(reasonOf(error)).toBe('too-many-connections');
    expect(s.sessions.size).toBe(1);
  });

  it('lets a waiting client in once a place frees up', async () => {
    const s = await server(runtime(), { maxConnections: 1 });
    const first = await client(runtime(), s);
    const second = connect(runtime(), { port: s.port, waitOnFirstConnect: true, reconnect: { initialMs: 5, maxMs: 20 }, onError: () => undefined });
    await first.close();
    const c = track(await second);
    expect(c.state).toBe('connected');
  });
});

it('encodes HELLO frames with the HELLO kind', () => {
  expect(encodeHello({ role: 'client', protocol: 1, codec: 'msgpack', clientId: 'x', fingerprints: new Map() })[0]).toBe(FRAME_HELLO);
});
