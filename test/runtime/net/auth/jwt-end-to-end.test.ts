/**
 * The JWT verifier as a server's `auth`, over TCP and WebSocket: a valid
 * token connects and its claims become the session identity; a refused one
 * gets AUTH_UNAUTHENTICATED and the client stops; a token that expires on an
 * open connection ends it with AUTH_EXPIRED, and a client with a token
 * function comes back with a fresh one.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createOrdersClient, routes } from '../../../../generated/index.js';
import { jwtVerifier } from '../../../../runtime/net/auth/jwt-verifier.js';
import type { ClientOptions, NetClient, StateChange } from '../../../../runtime/net/client.js';
import type { NetServer, ServerOptions } from '../../../../runtime/net/server.js';
import type { Session } from '../../../../runtime/net/session.js';
import { connect, createServer } from '../../../../runtime/net/tcp/tcp.js';
import { connectWs, createWsServer } from '../../../../runtime/net/ws/ws.js';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { Runtime } from '../../../../runtime/runtime.js';
import { onCleanup, runtime, track, waitFor } from '../harness.js';
import { order, serveOrders } from '../ws/ws-harness.js';

const secret = new TextEncoder().encode('end-to-end-secret-end-to-end-secret');
const claims = { issuer: 'https://issuer.example', audience: 'orders' };
const auth = jwtVerifier({ secret, algorithms: ['HS256'], ...claims });

function token(options: { exp?: number; sub?: string; secret?: Uint8Array } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.sub ?? 'user-1')
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setExpirationTime(options.exp ?? '1h')
    .sign(options.secret ?? secret);
}

type ClientExtras = Pick<ClientOptions, 'token' | 'reconnect'>;
const transports: Array<{
  name: string;
  serve: (r: Runtime, options: ServerOptions) => Promise<NetServer>;
  connect: (r: Runtime, port: number, options: ClientExtras) => Promise<NetClient>;
}> = [
  { name: 'TCP', serve: (r, o) => createServer(r, { port: 0, ...o }), connect: (r, port, o) => connect(r, { port, onError: () => undefined, ...o }) },
  { name: 'WebSocket', serve: (r, o) => createWsServer(r, { port: 0, ...o }), connect: (r, port, o) => connectWs(r, { port, onError: () => undefined, ...o }) },
];

describe.each(transports)('JWT auth over $name', (transport) => {
  async function ordersServer(): Promise<NetServer> {
    const r = runtime({ source: 'server', routes });
    serveOrders(r);
    const s = await transport.serve(r, { auth, onError: () => undefined });
    onCleanup(() => s.terminate());
    return s;
  }

  it('lets a valid token in; the claims are the session identity', async () => {
    const s = await ordersServer();
    const r = runtime({ routes });
    track(await transport.connect(r, s.port!, { token: await token({ sub: 'alice' }) }));
    expect(await createOrdersClient(r).placeOrder(order)).toMatchObject({ status: 'accepted' });
    const session = [...s.sessions.values()][0]!;
    expect(session.identity).toMatchObject({ sub: 'alice', iss: claims.issuer });
  });

  it('refuses a bad token with AUTH_UNAUTHENTICATED and closes; the client does not retry', async () => {
    const s = await ordersServer();
    const forged = await token({ secret: new TextEncoder().encode('not-the-server-secret-not-the-server') });
    for (const bad of [forged, undefined]) {
      const error = await transport
        .connect(runtime({ routes }), s.port!, { ...(bad === undefined ? {} : { token: bad }), reconnect: { initialMs: 10 } })
        .catch((e: unknown) => e as TypewireError);
      expect(error).toMatchObject({ code: 'AUTH_UNAUTHENTICATED', retryable: false, details: { reason: 'auth-refused' } });
    }
    expect(s.sessions.size).toBe(0);
  });

  it('ends a session when its token expires (AUTH_EXPIRED); a token function brings the client back', async () => {
    const s = await ordersServer();
    const expired: Array<{ session: Session; reason: TypewireError | undefined }> = [];
    s.onDisconnect((session, reason) => expired.push({ session, reason }));
    const r = runtime({ routes });
    // The first token expires within two seconds; later ones last an hour.
    let issued = 0;
    const tokenFn = () => (issued++ === 0 ? token({ exp: Math.floor(Date.now() / 1000) + 2 }) : token());
    const c = track(await transport.connect(r, s.port!, { token: tokenFn, reconnect: { initialMs: 10, maxMs: 50 } }));
    const changes: StateChange[] = [];
    c.onStateChange((change) => changes.push(change));
    const first = c.sessionId;

    await waitFor(() => expired.length === 1, 'the token to expire', 10_000);
    expect(expired[0]!.reason).toMatchObject({ code: 'AUTH_EXPIRED', details: { reason: 'auth-expired' } });
    expect(expired[0]!.session.id).toBe(first);
    await waitFor(() => changes.some((change) => change.state === 'disconnected'), 'the client to hear it');
    expect(changes.find((change) => change.state === 'disconnected')!.reason).toMatchObject({ code: 'AUTH_EXPIRED' });

    await waitFor(() => c.state === 'connected' && c.sessionId !== first, 'the client to reconnect with a fresh token');
    expect(issued).toBe(2);
    expect(await createOrdersClient(r).placeOrder(order)).toMatchObject({ status: 'accepted' });
  });
});
