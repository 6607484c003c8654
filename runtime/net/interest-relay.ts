/**
 * Passes each client's subscriptions on to the server's other clients, so
 * that a client in hybrid mode (which sends only what its peer asked for)
 * also sends what another client subscribed to: client-to-client events and
 * services hosted by a client work through the server.
 *
 * Subscriptions are aggregated by (pattern, queue group): a thousand clients
 * subscribing to one topic make one announcement to each other client, not a
 * thousand. A client never sees an entry that only it contributes (it would
 * send its own publishes to the server for nothing, and a request in its own
 * queue group could be routed back to it and lost). Reply inboxes, one per
 * client, are announced as a single `_INBOX.#`.
 *
 * Cost: a pattern that only one client uses is announced to every other
 * client, so many clients with private subscriptions make O(clients²) SUB
 * frames; such deployments use remote-mode clients and `relayInterest: false`.
 */
import type { InterestRelay, Link } from '../transport/link.js';

const INBOX_PREFIX = '_INBOX.';
const ALL_INBOXES = '_INBOX.#';

interface Entry {
  /** Negative, so it never collides with the ids a runtime gives its own interest. */
  readonly id: number;
  readonly pattern: string;
  readonly queue: string | undefined;
  /** Contributing link → how many of its subscriptions map to this entry. */
  readonly contributors: Map<Link, number>;
}

export class InterestRelayTable implements InterestRelay {
  private readonly links = new Set<Link>();
  private readonly entries = new Map<string, Entry>();
  /** Per link: the peer's subscription id → the entry key it counts toward. */
  private readonly byLink = new Map<Link, Map<number, string>>();
  private nextId = -1;

  linkOpened(link: Link): void {
    this.links.add(link);
    for (const entry of this.entries.values()) link.announce(entry.id, entry.pattern, entry.queue);
  }

  peerAdded(link: Link, id: number, pattern: string, queue: string | undefined): void {
    const inbox = pattern.startsWith(INBOX_PREFIX) && queue === undefined;
    const key = inbox ? ALL_INBOXES : `${pattern}\u0000${queue ?? ''}`;
    let ids = this.byLink.get(link);
    if (!ids) this.byLink.set(link, (ids = new Map()));
    ids.set(id, key);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { id: this.nextId--, pattern: inbox ? ALL_INBOXES : pattern, queue, contributors: new Map() };
      this.entries.set(key, entry);
    }
    const count = entry.contributors.get(link) ?? 0;
    entry.contributors.set(link, count + 1);
    if (count > 0) return;
    if (entry.contributors.size === 1) {
      for (const other of this.links) if (other !== link) other.announce(entry.id, entry.pattern, entry.queue);
    } else if (entry.contributors.size === 2) {
      // The first contributor could not see its own entry; now someone else shares it.
      for (const first of entry.contributors.keys()) if (first !== link) first.announce(entry.id, entry.pattern, entry.queue);
    }
  }

  peerRemoved(link: Link, id: number): void {
    const ids = this.byLink.get(link);
    const key = ids?.get(id);
    if (ids === undefined || key === undefined) return;
    ids.delete(id);
    this.release(link, key);
  }

  linkClosed(link: Link): void {
    this.links.delete(link);
    const ids = this.byLink.get(link);
    this.byLink.delete(link);
    for (const key of ids?.values() ?? []) this.release(link, key);
  }

  /** Entries currently relayed (for tests and statistics). */
  get size(): number {
    return this.entries.size;
  }

  private release(link: Link, key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const count = (entry.contributors.get(link) ?? 0) - 1;
    if (count > 0) {
      entry.contributors.set(link, count);
      return;
    }
    entry.contributors.delete(link);
    if (entry.contributors.size === 0) {
      this.entries.delete(key);
      for (const other of this.links) if (other !== link) other.withdraw(entry.id);
    } else if (entry.contributors.size === 1) {
      for (const sole of entry.contributors.keys()) sole.withdraw(entry.id);
    }
  }
}
