/**
 * The public shape of a network server (runtime/net/server.ts builds it).
 */
import type { EventDescriptor } from '../descriptors.js';
import type { Envelope } from '../envelope.js';
import type { TypewireError } from '../errors/typewire-error.js';
import type { ListenerAddress } from './connection.js';
import type { AuthVerifier } from './handshake.js';
import type { Session } from './session.js';

export interface ServerOptions {
  /** Sessions (and handshakes in progress) beyond this are refused with a coded reason. Default 100,000. */
  readonly maxConnections?: number;
  /** Largest frame a client may send (and the server announces). Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Bytes that may queue for one session before it is disconnected as a slow consumer. Default 8 MiB. */
  readonly maxOutboundBytes?: number;
  /** How often each session gets a heartbeat (and idleness is checked). Default 10 s. */
  readonly heartbeatMs?: number;
  /** A session that sends nothing (not even a heartbeat answer) this long is closed. Default 30 s. */
  readonly idleTimeoutMs?: number;
  /** Time a new connection has to send its HELLO. Default 5 s. */
  readonly handshakeTimeoutMs?: number;
  readonly auth?: AuthVerifier;
  /** Pass client subscriptions on to the other clients (see interest-relay.ts). Default true. */
  readonly relayInterest?: boolean;
  /** Errors with no other place to go, when no onError handler is registered. Default console.error. */
  readonly onError?: (error: TypewireError, session: Session | undefined) => void;
}

export interface BroadcastOptions {
  /** Session ids that do not receive it (typically the sender). */
  readonly exclude?: string | ReadonlyArray<string>;
}

export interface CloseOptions {
  /** How long in-flight requests may take before they are handed back with a retryable error. Default 5 s. */
  readonly drainMs?: number;
}

export interface ServerGroups {
  join(group: string, sessionId: string): void;
  leave(group: string, sessionId: string): void;
  members(group: string): Session[];
  list(): string[];
  /** Sends to every member of the group; returns how many received it. */
  broadcast<T>(group: string, event: EventDescriptor<T> | string, payload: T, options?: BroadcastOptions): number;
}

export interface NetServer {
  /** The port of the first listener (the one that was asked for port 0 reports the one it got). */
  readonly port: number | undefined;
  readonly addresses: ReadonlyArray<ListenerAddress>;
  readonly sessions: ReadonlyMap<string, Session>;
  readonly groups: ServerGroups;
  /** Sends an event to every session, whatever it subscribed to; returns how many received it. */
  broadcast<T>(event: EventDescriptor<T> | string, payload: T, options?: BroadcastOptions): number;
  /** Sends an event to one session; false when there is no such session. */
  sendTo<T>(sessionId: string, event: EventDescriptor<T> | string, payload: T): boolean;
  /** The session an envelope arrived from (a service handler's `ctx.envelope`), if it came from a client. */
  sessionOf(envelope: Envelope<unknown>): Session | undefined;
  onConnect(handler: (session: Session) => void): () => void;
  onDisconnect(handler: (session: Session, reason: TypewireError | undefined) => void): () => void;
  onError(handler: (error: TypewireError, session: Session | undefined) => void): () => void;
  /** Stops accepting, lets in-flight requests finish (handing back what is left at the deadline), then closes every session. */
  close(options?: CloseOptions): Promise<void>;
  /** Drops every connection at once, with no drain and no goodbye (what a crash looks like to clients). */
  terminate(): Promise<void>;
}
