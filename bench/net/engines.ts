/**
 * What the scenarios need from a network, so that one scenario runs over TCP
 * and over WebSocket, for typewire and for its raw baseline alike.
 */
import type { NetClient } from '../../runtime/net/client.js';
import type { NetServer } from '../../runtime/net/server.js';
import type { Runtime } from '../../runtime/runtime.js';

/** A raw connection of the baseline: frames in, frames out, nothing else. */
export interface RawPeer {
  /** Sends one frame: as its own write or message, or queued into the burst's one write (raw-tcp.ts). */
  send(frame: Uint8Array): void;
  onFrame(handler: (frame: Uint8Array) => void): void;
  close(): void;
}

export interface RawEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export interface RawEngine {
  /** `tcp` or `ws`. */
  readonly name: string;
  /** How it writes, for case names: `write per frame`, `coalesced writes`, `message per frame`. */
  readonly label: string;
  /** What the baseline is, in words, for the suite description. */
  readonly describe: string;
  /** Listens on 127.0.0.1 and a free port. */
  listen(onPeer: (peer: RawPeer) => void): Promise<RawEndpoint>;
  dial(port: number): Promise<RawPeer>;
}

export interface TypewireEndpoint {
  readonly port: number;
  readonly server: NetServer;
  close(): Promise<void>;
}

export interface TypewireEngine {
  readonly name: string;
  /** Serves `runtime` on 127.0.0.1 and a free port. */
  serve(runtime: Runtime): Promise<TypewireEndpoint>;
  connect(runtime: Runtime, port: number): Promise<NetClient>;
}
