/**
 * Schema fingerprints: message name → sha256 of its canonical schema, as the
 * generator wrote them. Two runtimes built from different versions of a
 * schema have different fingerprints for that message; the handshake refuses
 * the pair and names the messages, instead of letting them fail one payload
 * at a time.
 */
import type { RouteTable } from '../descriptors.js';

export type Fingerprints = ReadonlyMap<string, string>;

/** The fingerprint of every message a route table mentions. */
export function fingerprintsOf(routes: RouteTable): Fingerprints {
  const out = new Map<string, string>();
  for (const route of routes) out.set(route.message.name, route.message.fingerprint);
  return out;
}

export interface FingerprintMismatch {
  readonly message: string;
  readonly local: string;
  readonly remote: string;
}

/**
 * The messages both sides know under the same name but with different
 * fingerprints, sorted by name. A message only one side knows is not a
 * mismatch: a client may use a subset of the server's services.
 */
export function compareFingerprints(local: Fingerprints, remote: Fingerprints): FingerprintMismatch[] {
  const out: FingerprintMismatch[] = [];
  for (const [message, fingerprint] of remote) {
    const mine = local.get(message);
    if (mine !== undefined && mine !== fingerprint) out.push({ message, local: mine, remote: fingerprint });
  }
  return out.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
