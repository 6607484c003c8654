/**
 * A network client for a runtime, independent of the transport engine (it
 * only needs a Dialer). One Link joins the runtime to the server for the
 * client's whole life; under it, connections come and go: on a loss the
 * client reconnects with exponential backoff and jitter, sends its interest
 * again (so subscriptions survive), then what it buffered meanwhile. A
 * refusal the server marks non-retryable (bad token, schema mismatch) ends it.
 */
import type { CodecName } from '../codec/codec.js';
import { nextId } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { Runtime } from '../runtime.js';
import { decodeErrorFrame } from '../transport/error-frame.js';
import { FRAME_ERROR } from '../transport/frame-kinds.js';
import type { Link } from '../transport/link.js';
import { createBackoff, type Backoff, type ReconnectOptions } from './backoff.js';
import { ReconnectingTransport } from './client-transport.js';
import type { Connection, Dialer } from './connection.js';
import { fingerprintsOf } from './fingerprints.js';
import { offerHandshake } from './handshake.js';
import { PROTOCOL_VERSION } from './hello.js';
import { idleTimeout } from './reasons.js';

export type ClientState = 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'closed';

export interface StateChange {
  readonly state: ClientState;
  /** Why the connection was lost, refused, or given up on. */
  readonly reason?: TypewireError;
  /** For `reconnecting`: which attempt comes next (1 = the first retry) and after what delay. */
  readonly attempt?: number;
  readonly delayMs?: number;
}

export interface ClientOptions {
  /** Opens a connection (dialTcp, or a WebSocket dialer). */
  readonly dial: Dialer;
  /** Sent in HELLO; the server shows it as Session.clientId. Default: the runtime's source and a random suffix. */
  readonly clientId?: string;
  /** Sent in HELLO for the server's verifier. A function is asked again at each reconnect (a refreshed token). */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>);
  /** `false`: no reconnect, a lost connection closes the client. */
  readonly reconnect?: ReconnectOptions | false;
  /** Messages kept while disconnected; past it, publishes and calls refuse with TRANSPORT_BUFFER_FULL. Default 10,000. */
  readonly maxBufferedMessages?: number;
  /** Default 5 s. */
  readonly handshakeTimeoutMs?: number;
  /** Keep retrying (with the reconnect policy) when the first connection fails, instead of rejecting. Default false. */
  readonly waitOnFirstConnect?: boolean;
  /** Codec for payloads this client sends; the server answers in the same. Default: the runtime's. */
  readonly codec?: CodecName;
  /** Errors with no caller to go to (a frame the server rejected). Default: the runtime's onError. */
  readonly onError?: (error: TypewireError, context: string) => void;
}

export interface NetClient {
  readonly state: ClientState;
  /** The server's id for the current connection; a new one after each reconnect. */
  readonly sessionId: string | undefined;
  readonly link: Link;
  /** Messages waiting for the next connection. */
  readonly buffered: number;
  onStateChange(handler: (change: StateChange) => void): () => void;
  /** Disconnects for good; the runtime stays open. */
  close(): Promise<void>;
}

/** Connects `runtime` to a server; resolves once the server's subscriptions are known. */
export async function connectClient(runtime: Runtime, options: ClientOptions): Promise<NetClient> {
  const client = new Client(runtime, options);
  await client.start();
  return client;
}

class Client implements NetClient {
  readonly link: Link;
  sessionId: string | undefined;
  private currentState: ClientState = 'connecting';
  private readonly transport: ReconnectingTransport;
  private readonly handlers = new Set<(change: StateChange) => void>();
  private readonly backoff: Backoff | undefined;
  private readonly maxAttempts: number;
  private readonly clientId: string;
  private readonly codec: CodecName;
  private connection: Connection | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private lastReceived = 0;
  /** Settles the first start() once connected, or closed for good. */
  private firstOutcome: { resolve: () => void; reject: (error: TypewireError) => void } | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: ClientOptions,
  ) {
    this.transport = new ReconnectingTransport(options.maxBufferedMessages ?? 10_000, (reason) => this.shutdown(reason));
    this.backoff = options.reconnect === false ? undefined : createBackoff(options.reconnect);
    this.maxAttempts = options.reconnect === false ? 0 : (options.reconnect?.maxAttempts ?? Infinity);
    // randomUUID needs a secure context in browsers; the suffix only has to differ between clients.
    this.clientId = options.clientId ?? `${runtime.source}-${globalThis.crypto?.randomUUID?.().slice(0, 8) ?? nextId()}`;
    this.codec = options.codec ?? runtime.codec;
    this.link = runtime.attach(this.transport, { codec: this.codec, ...(options.onError ? { onError: options.onError } : {}) });
  }

  get state(): ClientState {
    return this.currentState;
  }

  get buffered(): number {
    return this.transport.buffered;
  }

  onStateChange(handler: (change: StateChange) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async start(): Promise<void> {
    this.setState({ state: 'connecting' });
    try {
      await this.establish();
    } catch (thrown) {
      const error = TypewireError.from(thrown);
      if (!this.options.waitOnFirstConnect || !error.retryable || !this.backoff) {
        this.shutdown(error);
        throw error;
      }
      const outcome = new Promise<void>((resolve, reject) => (this.firstOutcome = { resolve, reject }));
      this.retry(error);
      await outcome;
    }
    await this.link.ready;
  }

  close(): Promise<void> {
    this.shutdown(undefined);
    return Promise.resolve();
  }

  /** Dials, shakes hands, and puts the new connection under the link. */
  private async establish(): Promise<void> {
    const connection = await this.options.dial();
    if (this.isClosed()) {
      connection.close();
      return;
    }
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    const { hello, early } = await offerHandshake(
      connection,
      {
        role: 'client',
        protocol: PROTOCOL_VERSION,
        codec: this.codec,
        clientId: this.clientId,
        ...(token === undefined ? {} : { token }),
        fingerprints: fingerprintsOf(this.runtime.routes),
      },
      this.options.handshakeTimeoutMs ?? 5_000,
    );
    if (this.isClosed()) {
      connection.close();
      return;
    }
    this.connection = connection;
    this.runtime.metrics?.connectionOpened();
    this.sessionId = hello.sessionId;
    this.lastReceived = Date.now();
    let goodbye: TypewireError | undefined;
    const receive = (frame: Uint8Array): void => {
      this.lastReceived = Date.now();
      if (frame[0] === FRAME_ERROR) {
        // A fatal ERROR is the server's reason for the close that follows: keep it for the state change.
        const peer = safeDecodeError(frame);
        if (peer?.fatal) {
          goodbye = peer.error;
          return;
        }
      }
      this.transport.receive(frame);
    };
    connection.onFrame(receive);
    connection.onClose((reason) => this.lost(connection, goodbye ?? reason));
    this.transport.attach(connection);
    this.link.resync();
    const refused = this.transport.sendBuffered();
    if (refused) this.report(refused, 'messages buffered while disconnected were dropped');
    for (const frame of early) receive(frame);
    this.watchdog = setInterval(() => {
      const silent = Date.now() - this.lastReceived;
      if (silent > hello.idleTimeoutMs) connection.close(idleTimeout(silent));
    }, hello.heartbeatMs);
    (this.watchdog as { unref?: () => void }).unref?.();
    if (connection.closed) return this.lost(connection, goodbye);
    this.attempt = 0;
    this.setState({ state: 'connected' });
    this.firstOutcome?.resolve();
    this.firstOutcome = undefined;
  }

  private lost(connection: Connection, reason: TypewireError | undefined): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    this.runtime.metrics?.connectionClosed();
    this.transport.detach();
    clearInterval(this.watchdog);
    if (this.isClosed()) return;
    this.setState({ state: 'disconnected', ...(reason ? { reason } : {}) });
    if (!this.backoff) return this.shutdown(reason);
    this.retry(reason);
  }

  private retry(reason: TypewireError | undefined): void {
    if (this.attempt >= this.maxAttempts || !this.backoff) return this.shutdown(reason);
    const delayMs = this.backoff(this.attempt);
    this.attempt++;
    this.setState({ state: 'reconnecting', attempt: this.attempt, delayMs, ...(reason ? { reason } : {}) });
    this.retryTimer = setTimeout(() => {
      this.establish().catch((thrown: unknown) => {
        if (this.isClosed()) return;
        const error = TypewireError.from(thrown);
        // A refusal that trying again cannot fix (bad token, other schemas) ends the client.
        if (!error.retryable) this.shutdown(error);
        else this.retry(error);
      });
    }, delayMs);
  }

  private shutdown(reason: TypewireError | undefined): void {
    if (this.isClosed()) return;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) this.runtime.metrics?.connectionClosed();
    this.setState({ state: 'closed', ...(reason ? { reason } : {}) });
    connection?.close();
    this.transport.close(reason);
    this.firstOutcome?.reject(reason ?? new TypewireError('TRANSPORT_CLOSED', 'the client was closed before it connected'));
    this.firstOutcome = undefined;
  }

  /** A method, not a field test, so TypeScript does not narrow it across awaits. */
  private isClosed(): boolean {
    return this.currentState === 'closed';
  }

  private setState(change: StateChange): void {
    this.currentState = change.state;
    for (const handler of this.handlers) {
      try {
        handler(change);
      } catch (error) {
        this.report(TypewireError.from(error), 'a connection-state handler failed');
      }
    }
  }

  private report(error: TypewireError, context: string): void {
    (this.options.onError ?? ((e, c) => console.error(`typewire client: ${c}:`, e)))(error, context);
  }
}

function safeDecodeError(frame: Uint8Array): ReturnType<typeof decodeErrorFrame> | undefined {
  try {
    return decodeErrorFrame(frame.subarray(1));
  } catch {
    return undefined; // the link reports it when it sees the same frame
  }
}
