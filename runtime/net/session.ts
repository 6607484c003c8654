/**
 * One client connected to a server: who it is, what the server keeps for it,
 * and what went through it. The session wraps its connection to count frames
 * and note the time of the last one (the idle timeout reads it).
 */
import type { TypewireError } from '../errors/typewire-error.js';
import type { Link } from '../transport/link.js';
import type { Transport } from '../transport/transport.js';
import type { Connection } from './connection.js';

export interface SessionStats {
  readonly framesIn: number;
  readonly framesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

export interface Session {
  readonly id: string;
  /** What the client called itself in its HELLO. */
  readonly clientId: string;
  readonly remoteAddress: string;
  /** Milliseconds since the epoch. */
  readonly connectedAt: number;
  /** When the last frame arrived (milliseconds since the epoch). */
  readonly lastActivity: number;
  /** What the auth verifier returned for this client (undefined without a verifier). */
  readonly identity: unknown;
  /** The server's own key/value data for this client. */
  readonly data: Map<string, unknown>;
  readonly groups: ReadonlySet<string>;
  readonly stats: SessionStats;
  /** Bytes queued for the client that it has not read yet. */
  readonly bufferedBytes: number;
  /** Disconnects the client, telling it why. */
  close(reason?: TypewireError): void;
}

/**
 * Counts what crosses a connection and forwards everything else to it. Unlike
 * a bare transport it takes several close handlers: the server's and the link's.
 */
export class CountingTransport implements Transport {
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  lastActivity = Date.now();
  private handler: (frame: Uint8Array) => void = () => undefined;
  private readonly closeHandlers: Array<(reason: TypewireError | undefined) => void> = [];

  constructor(readonly connection: Connection) {
    connection.onClose((reason) => {
      for (const handler of this.closeHandlers) handler(reason);
    });
    connection.onFrame((frame) => {
      this.framesIn++;
      this.bytesIn += frame.byteLength;
      this.lastActivity = Date.now();
      this.handler(frame);
    });
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  send(frame: Uint8Array): void {
    this.connection.send(frame);
    this.framesOut++;
    this.bytesOut += frame.byteLength;
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.handler = handler;
  }

  onClose(handler: (reason: TypewireError | undefined) => void): void {
    this.closeHandlers.push(handler);
  }

  close(reason?: TypewireError): void {
    this.connection.close(reason);
  }
}

export class SessionImpl implements Session {
  readonly data = new Map<string, unknown>();
  readonly groups = new Set<string>();
  readonly connectedAt = Date.now();
  link: Link | undefined;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: string,
    readonly clientId: string,
    readonly identity: unknown,
    readonly transport: CountingTransport,
  ) {}

  get remoteAddress(): string {
    return this.transport.connection.remoteAddress;
  }

  get lastActivity(): number {
    return this.transport.lastActivity;
  }

  get bufferedBytes(): number {
    return this.transport.connection.bufferedBytes;
  }

  get stats(): SessionStats {
    const t = this.transport;
    return { framesIn: t.framesIn, framesOut: t.framesOut, bytesIn: t.bytesIn, bytesOut: t.bytesOut };
  }

  close(reason?: TypewireError): void {
    this.transport.close(reason);
  }
}
