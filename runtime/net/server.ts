/**
 * A network server for a runtime, independent of the transport engine: it
 * takes connections from listeners (TCP first, WebSocket next), runs the
 * handshake, and joins each client to the runtime's bus as a session (a Link),
 * so server-side services answer client requests and client subscriptions
 * receive what is published on the server. On top: sessions with data and
 * statistics, groups, broadcast, send-to-one, heartbeats, idle timeout,
 * connection limits, and a graceful drain.
 */
import { createEnvelope, type Envelope } from '../envelope.js';
import type { CodecName } from '../codec/codec.js';
import type { EventDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';
import { ORIGIN, type InternalEnvelope } from '../internal/envelope-meta.js';
import { markOutbound } from '../internal/read-payload.js';
import type { Runtime } from '../runtime.js';
import { encodePublishFrame } from '../transport/link.js';
import type { Link } from '../transport/link.js';
import type { Connection, Listener, ListenerAddress } from './connection.js';
import { fingerprintsOf, type Fingerprints } from './fingerprints.js';
import { Groups, groupsApi } from './groups.js';
import { acceptHandshake } from './handshake.js';
import { encodeHello, PROTOCOL_VERSION } from './hello.js';
import { InterestRelayTable } from './interest-relay.js';
import { authExpired, idleTimeout, serverClosing, tooManyConnections } from './reasons.js';
import type { BroadcastOptions, CloseOptions, NetServer, ServerGroups, ServerOptions } from './server-api.js';
import { CountingTransport, SessionImpl, type Session } from './session.js';

export type { BroadcastOptions, CloseOptions, NetServer, ServerGroups, ServerOptions } from './server-api.js';

export async function startServer(runtime: Runtime, listeners: ReadonlyArray<Listener>, options: ServerOptions = {}): Promise<NetServer> {
  const server = new Server(runtime, listeners, options);
  await server.start();
  return server;
}

class Server implements NetServer {
  readonly sessions = new Map<string, SessionImpl>();
  readonly addresses: ListenerAddress[] = [];
  readonly groups: ServerGroups;
  private readonly groupTable = new Groups();
  private readonly byLink = new Map<Link, SessionImpl>();
  private readonly handshaking = new Set<Connection>();
  private readonly relay: InterestRelayTable | undefined;
  private readonly fingerprints: Fingerprints;
  private readonly connectHandlers = new Set<(session: Session) => void>();
  private readonly disconnectHandlers = new Set<(session: Session, reason: TypewireError | undefined) => void>();
  private readonly errorHandlers = new Set<(error: TypewireError, session: Session | undefined) => void>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private closing: Promise<void> | undefined;
  private readonly limits: Required<Pick<ServerOptions, 'maxConnections' | 'maxFrameBytes' | 'heartbeatMs' | 'idleTimeoutMs' | 'handshakeTimeoutMs'>>;

  constructor(
    private readonly runtime: Runtime,
    private readonly listeners: ReadonlyArray<Listener>,
    private readonly options: ServerOptions,
  ) {
    this.limits = {
      maxConnections: options.maxConnections ?? 100_000,
      maxFrameBytes: options.maxFrameBytes ?? 16 * 1024 * 1024,
      heartbeatMs: options.heartbeatMs ?? 10_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 5_000,
    };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!(value > 0)) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `${name} must be positive, got ${String(value)}`);
    }
    if (runtime.mode === 'local') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'a local-mode runtime cannot serve clients: create it with mode hybrid or remote');
    }
    this.fingerprints = fingerprintsOf(runtime.routes);
    this.relay = options.relayInterest === false ? undefined : new InterestRelayTable();
    this.groups = groupsApi(this.groupTable, this.sessions, (targets, event, payload, options) => this.sendToAll(targets, event, payload, options));
  }

  get port(): number | undefined {
    return this.addresses[0]?.port;
  }

  async start(): Promise<void> {
    try {
      for (const listener of this.listeners) this.addresses.push(await listener.listen((c) => this.accept(c)));
    } catch (error) {
      await Promise.allSettled(this.listeners.map((l) => l.close()));
      throw error;
    }
    this.heartbeat = setInterval(() => this.sweep(), this.limits.heartbeatMs);
    this.heartbeat.unref?.();
  }

  broadcast<T>(event: EventDescriptor<T> | string, payload: T, options: BroadcastOptions = {}): number {
    return this.sendToAll(this.sessions.values(), event, payload, options);
  }

  sendTo<T>(sessionId: string, event: EventDescriptor<T> | string, payload: T): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    return this.sendToAll([session], event, payload, {}) === 1;
  }

  sessionOf(envelope: Envelope<unknown>): Session | undefined {
    const origin = (envelope as InternalEnvelope)[ORIGIN];
    return origin === undefined ? undefined : this.byLink.get(origin as Link);
  }

  onConnect(handler: (session: Session) => void): () => void {
    this.connectHandlers.add(handler);
    return () => this.connectHandlers.delete(handler);
  }

  onDisconnect(handler: (session: Session, reason: TypewireError | undefined) => void): () => void {
    this.disconnectHandlers.add(handler);
    return () => this.disconnectHandlers.delete(handler);
  }

  onError(handler: (error: TypewireError, session: Session | undefined) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.drainAndClose(options.drainMs ?? 5_000);
    return this.closing;
  }

  terminate(): Promise<void> {
    this.stopTimers();
    const closed = this.closing ?? Promise.resolve();
    this.closing ??= Promise.resolve();
    for (const connection of this.handshaking) closeQuietly(connection);
    for (const session of this.sessions.values()) closeQuietly(session.transport.connection);
    return Promise.all([closed, ...this.listeners.map((l) => l.close())]).then(() => undefined);
  }

  private accept(connection: Connection): void {
    if (this.closing) return connection.close(serverClosing());
    if (this.sessions.size + this.handshaking.size >= this.limits.maxConnections) {
      return connection.close(tooManyConnections(this.limits.maxConnections));
    }
    this.handshaking.add(connection);
    const transport = new CountingTransport(connection);
    acceptHandshake(transport, {
      fingerprints: this.fingerprints,
      timeoutMs: this.limits.handshakeTimeoutMs,
      remoteAddress: connection.remoteAddress,
      auth: this.options.auth,
    }).then(
      ({ hello, auth }) => {
        this.handshaking.delete(connection);
        if (connection.closed) return;
        if (this.closing) return connection.close(serverClosing());
        try {
          this.open(transport, hello.clientId, hello.codec, auth.identity, auth.expiresAt);
        } catch (error) {
          // The runtime was closed under a running server: refuse rather than leak the connection.
          connection.close(TypewireError.from(error));
        }
      },
      (reason: TypewireError) => {
        this.handshaking.delete(connection);
        connection.close(reason);
      },
    );
  }

  private open(transport: CountingTransport, clientId: string, codec: CodecName, identity: unknown, expiresAt: number | undefined): void {
    const session = new SessionImpl(randomId(), clientId, identity, transport);
    transport.send(
      encodeHello({
        role: 'server',
        protocol: PROTOCOL_VERSION,
        codec,
        sessionId: session.id,
        fingerprints: this.fingerprints,
        heartbeatMs: this.limits.heartbeatMs,
        idleTimeoutMs: this.limits.idleTimeoutMs,
        maxFrameBytes: this.limits.maxFrameBytes,
      }),
    );
    this.sessions.set(session.id, session);
    this.runtime.metrics?.connectionOpened();
    transport.onClose((reason) => this.closed(session, reason));
    const link = this.runtime.attach(transport, {
      codec,
      forwardAll: false,
      trackRequests: true,
      onError: (error) => this.reportError(error, session),
      ...(this.relay ? { relay: this.relay } : {}),
    });
    session.link = link;
    this.byLink.set(link, session);
    if (expiresAt !== undefined) this.expireAt(session, expiresAt);
    for (const handler of this.connectHandlers) this.safely(() => handler(session), session);
  }

  /** Closes the session when its token expires (timers cap at about 24 days, so long ones are re-armed). */
  private expireAt(session: SessionImpl, expiresAt: number): void {
    const delay = expiresAt - Date.now();
    if (delay <= 0) return session.close(authExpired());
    session.expiryTimer = setTimeout(() => this.expireAt(session, expiresAt), Math.min(delay, MAX_TIMER_MS));
  }

  private closed(session: SessionImpl, reason: TypewireError | undefined): void {
    if (!this.sessions.delete(session.id)) return;
    this.runtime.metrics?.connectionClosed();
    clearTimeout(session.expiryTimer);
    if (session.link) this.byLink.delete(session.link);
    this.groupTable.leaveAll(session);
    for (const handler of this.disconnectHandlers) this.safely(() => handler(session, reason), session);
  }

  /** Heartbeats every session, and closes those that have been silent too long. */
  private sweep(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (now - session.lastActivity > this.limits.idleTimeoutMs) session.close(idleTimeout(now - session.lastActivity));
      else session.link?.heartbeat();
    }
  }

  private sendToAll<T>(targets: Iterable<SessionImpl>, event: EventDescriptor<T> | string, payload: T, options: BroadcastOptions): number {
    const envelope: InternalEnvelope<T> = createEnvelope(typeof event === 'string' ? event : event.topic, payload, { source: this.runtime.source });
    if (typeof event !== 'string') markOutbound(envelope, event.payload, true);
    const excluded = typeof options.exclude === 'string' ? [options.exclude] : (options.exclude ?? []);
    const frames = new Map<CodecName, Uint8Array>();
    let sent = 0;
    for (const session of targets) {
      const link = session.link;
      if (!link || excluded.includes(session.id) || link.closed) continue;
      const codec = link.codec;
      let frame = frames.get(codec);
      if (!frame) frames.set(codec, (frame = encodePublishFrame(envelope as InternalEnvelope, codec)));
      try {
        link.sendPublish(frame, envelope.type);
        sent++;
      } catch (error) {
        this.reportError(TypewireError.from(error), session);
      }
    }
    return sent;
  }

  private async drainAndClose(drainMs: number): Promise<void> {
    const deadline = Date.now() + drainMs;
    const listenersClosed = Promise.allSettled(this.listeners.map((l) => l.close()));
    for (const connection of this.handshaking) connection.close(serverClosing());
    const draining = new TypewireError('TRANSPORT_CLOSED', 'the server is draining; try again on another server', {
      details: { reason: 'server-closing' },
    });
    for (const session of this.sessions.values()) session.link?.refuseRequests(draining);
    await waitUntil(() => [...this.sessions.values()].every((s) => (s.link?.inFlightRequests ?? 0) === 0), deadline);
    for (const session of this.sessions.values()) session.link?.handBackRequests(draining);
    await waitUntil(() => [...this.sessions.values()].every((s) => s.bufferedBytes === 0), deadline);
    this.stopTimers();
    for (const session of [...this.sessions.values()]) session.close(serverClosing());
    await listenersClosed;
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    for (const session of this.sessions.values()) clearTimeout(session.expiryTimer);
  }

  private reportError(error: TypewireError, session: Session | undefined): void {
    if (this.errorHandlers.size === 0) {
      (this.options.onError ?? defaultOnError)(error, session);
      return;
    }
    for (const handler of this.errorHandlers) {
      try {
        handler(error, session);
      } catch {
        // An error handler that throws must not take the server down.
      }
    }
  }

  private safely(run: () => void, session: Session): void {
    try {
      run();
    } catch (error) {
      this.reportError(TypewireError.from(error), session);
    }
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function defaultOnError(error: TypewireError, session: Session | undefined): void {
  console.error(`typewire server${session ? ` (session ${session.id}, client ${session.clientId})` : ''}:`, error);
}

function closeQuietly(connection: Connection): void {
  if (connection.abort) connection.abort();
  else connection.close();
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/** Polls `done` until it holds or the deadline passes (drain only: a few milliseconds of latency do not matter). */
async function waitUntil(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
