/**
 * What a network server and client need from a transport engine, beyond
 * frames in, frames out and close: where the peer is and how much is queued
 * for it. TCP implements these first (runtime/net/tcp/); WebSocket and others
 * plug into the same server and client by implementing them too.
 */
import type { TypewireError } from '../errors/typewire-error.js';
import type { Transport } from '../transport/transport.js';

export interface Connection extends Transport {
  /** `host:port` or whatever identifies the peer for this engine. */
  readonly remoteAddress: string;
  /** Bytes queued for the peer that it has not taken yet (a consumer that stops reading makes this grow). */
  readonly bufferedBytes: number;
  /** Closes at once, dropping what is queued and sending no goodbye. Optional: close() is used where absent. */
  abort?(reason?: TypewireError): void;
}

export interface ListenerAddress {
  readonly url: string;
  readonly host?: string;
  readonly port?: number;
}

/** Accepts connections for a server. */
export interface Listener {
  /** Starts accepting; resolves with the address actually bound (port 0 gives a free port). */
  listen(accept: (connection: Connection) => void): Promise<ListenerAddress>;
  /** Stops accepting new connections at once; resolves when the listener has released its resources. */
  close(): Promise<void>;
}

/** Opens one connection for a client; rejects with a coded, retryable error when the peer cannot be reached. */
export type Dialer = () => Promise<Connection>;
