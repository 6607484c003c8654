/**
 * The arithmetic of the idle-connections measurement
 * (scripts/bench-idle-connections.ts), kept apart from sockets and processes
 * so that it can be tested: how many connections the machine allows, and
 * what each one costs.
 */

/** File descriptors a process needs beyond its sockets (stdio, the event loop, the listener, modules being read). */
export const FD_HEADROOM = 200;
/** Ephemeral ports left for everything else on the machine. */
export const PORT_HEADROOM = 1000;

export interface Limits {
  /** `ulimit -n` (soft), or undefined when unknown. */
  readonly softFds: number | undefined;
  /** `ulimit -Hn`, or undefined when unknown. */
  readonly hardFds: number | undefined;
  /** Ports in net.ipv4.ip_local_port_range, or undefined when unknown. */
  readonly ephemeralPorts: number | undefined;
}

export interface Plan {
  /** Connections to open. */
  readonly connections: number;
  /** A soft fd limit to raise to before starting (at most the hard limit), if the current one is too low. */
  readonly raiseFdsTo: number | undefined;
  /** Why fewer connections than asked for are opened (empty when all are). */
  readonly notes: ReadonlyArray<string>;
}

/**
 * Each process holds one socket per connection (the clients here, the
 * server in its child), so each needs `connections + FD_HEADROOM`
 * descriptors; the client side also needs one ephemeral port per connection.
 */
export function planConnections(requested: number, limits: Limits): Plan {
  const notes: string[] = [];
  let connections = requested;
  let raiseFdsTo: number | undefined;
  const needed = requested + FD_HEADROOM;
  if (limits.softFds !== undefined && limits.softFds < needed) {
    if (limits.hardFds === undefined || limits.hardFds >= needed) {
      raiseFdsTo = needed;
    } else {
      raiseFdsTo = limits.hardFds > limits.softFds ? limits.hardFds : undefined;
      connections = Math.max(0, limits.hardFds - FD_HEADROOM);
      notes.push(`ulimit -n allows at most ${limits.hardFds} descriptors per process (hard limit), so ${connections} connections instead of ${requested}`);
    }
  }
  if (limits.ephemeralPorts !== undefined && connections > limits.ephemeralPorts - PORT_HEADROOM) {
    const fit = Math.max(0, limits.ephemeralPorts - PORT_HEADROOM);
    notes.push(`only ${limits.ephemeralPorts} ephemeral ports, so ${fit} connections instead of ${connections}`);
    connections = fit;
  }
  return { connections, raiseFdsTo, notes };
}

export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

export interface PerConnection {
  /** Bytes per connection of resident memory (everything: V8 heap, native buffers, libuv handles). */
  readonly rssBytes: number;
  /** Bytes per connection of live JavaScript objects plus memory they hold outside the heap (buffers). */
  readonly heapBytes: number;
}

export function perConnection(before: MemorySample, after: MemorySample, connections: number): PerConnection {
  if (!(connections > 0)) throw new RangeError(`connections must be positive, got ${connections}`);
  return {
    rssBytes: (after.rss - before.rss) / connections,
    heapBytes: (after.heapUsed + after.external - before.heapUsed - before.external) / connections,
  };
}

/** Reads `ulimit -n`-style output ("unlimited" or a number). */
export function parseLimit(text: string): number | undefined {
  const value = text.trim();
  if (value === 'unlimited') return Number.POSITIVE_INFINITY;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && value !== '' ? n : undefined;
}

/** Reads /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999"): how many ports it spans. */
export function parsePortRange(text: string): number | undefined {
  const [low, high] = text.trim().split(/\s+/).map(Number);
  if (low === undefined || high === undefined || !Number.isInteger(low) || !Number.isInteger(high) || high < low) return undefined;
  return high - low + 1;
}

/** What the script says to the server child over IPC. */
export type ParentMessage = { readonly type: 'measure' } | { readonly type: 'stop' };

/** What the server child answers. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'memory'; readonly sample: MemorySample; readonly sessions: number }
  | { readonly type: 'failed'; readonly message: string };
