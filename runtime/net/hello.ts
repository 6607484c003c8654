/**
 * The HELLO frame, the first frame each way on a network connection
 * (docs/protocol.md, "Handshake"). Its body is a msgpack map; decoding checks
 * every field's type and size, because it is the first thing an unknown peer
 * gets to send. Fingerprints travel as [name, fingerprint] pairs and become
 * a Map, so a `__proto__` or `constructor` message name is just a name.
 */
import type { CodecName } from '../codec/codec.js';
import { decodeUntyped, encodeUntyped } from '../codec/untyped-codec.js';
import { TypewireError } from '../errors/typewire-error.js';
import { FRAME_HELLO, linkFrame } from '../transport/frame-kinds.js';
import type { Fingerprints } from './fingerprints.js';

/** Bumped when a change to the frames or the handshake would confuse an older peer. */
export const PROTOCOL_VERSION = 1;

/** Bounds on what a HELLO may carry. */
const MAX_HELLO_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 256;
const MAX_TOKEN_LENGTH = 64 * 1024;
const MAX_FINGERPRINTS = 10_000;
const MAX_NAME_LENGTH = 512;

export interface ClientHello {
  readonly role: 'client';
  readonly protocol: number;
  readonly codec: CodecName;
  readonly clientId: string;
  readonly token?: string;
  readonly fingerprints: Fingerprints;
}

export interface ServerHello {
  readonly role: 'server';
  readonly protocol: number;
  /** The codec the server will use on this connection (the client's choice). */
  readonly codec: CodecName;
  readonly sessionId: string;
  readonly fingerprints: Fingerprints;
  /** The server sends a heartbeat this often; the client may treat twice as long without a frame as a dead link. */
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  readonly maxFrameBytes: number;
}

export type Hello = ClientHello | ServerHello;

export function encodeHello(hello: Hello): Uint8Array {
  // Pairs, not a map: a message name is data, never an object key (`__proto__` stays `__proto__`).
  return linkFrame(FRAME_HELLO, encodeUntyped({ ...hello, fingerprints: [...hello.fingerprints] }));
}

/**
 * Reads a HELLO body sent by a peer in `role`. Throws TRANSPORT_PROTOCOL for
 * a malformed one (details.reason `version` when only the version differs,
 * so the message can say which versions were involved).
 */
export function decodeHello<R extends Hello['role']>(body: Uint8Array, role: R): Extract<Hello, { role: R }> {
  const raw = decodeUntyped(body, { maxBytes: MAX_HELLO_BYTES });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed('the body is not a map');
  const f = raw as Record<string, unknown>;
  if (f['protocol'] !== PROTOCOL_VERSION) {
    throw new TypewireError('TRANSPORT_PROTOCOL', `protocol version ${String(f['protocol'])} is not supported (this side speaks ${PROTOCOL_VERSION})`, {
      details: { reason: 'version', expected: PROTOCOL_VERSION, received: typeof f['protocol'] === 'number' ? f['protocol'] : null },
    });
  }
  if (f['role'] !== role) throw malformed(`expected role "${role}"`);
  if (f['codec'] !== 'msgpack' && f['codec'] !== 'json') throw malformed('codec must be "msgpack" or "json"');
  const fingerprints = readFingerprints(f['fingerprints']);
  if (role === 'client') {
    const clientId = boundedString(f['clientId'], 'clientId', MAX_ID_LENGTH);
    const token = f['token'] === undefined || f['token'] === null ? undefined : boundedString(f['token'], 'token', MAX_TOKEN_LENGTH);
    const hello: ClientHello = { role: 'client', protocol: PROTOCOL_VERSION, codec: f['codec'], clientId, fingerprints, ...(token === undefined ? {} : { token }) };
    return hello as Extract<Hello, { role: R }>;
  }
  const hello: ServerHello = {
    role: 'server',
    protocol: PROTOCOL_VERSION,
    codec: f['codec'],
    sessionId: boundedString(f['sessionId'], 'sessionId', MAX_ID_LENGTH),
    fingerprints,
    heartbeatMs: positiveInteger(f['heartbeatMs'], 'heartbeatMs'),
    idleTimeoutMs: positiveInteger(f['idleTimeoutMs'], 'idleTimeoutMs'),
    maxFrameBytes: positiveInteger(f['maxFrameBytes'], 'maxFrameBytes'),
  };
  return hello as Extract<Hello, { role: R }>;
}

function readFingerprints(value: unknown): Map<string, string> {
  if (!Array.isArray(value)) throw malformed('fingerprints must be an array of [name, fingerprint] pairs');
  if (value.length > MAX_FINGERPRINTS) throw malformed(`more than ${MAX_FINGERPRINTS} fingerprints`);
  const out = new Map<string, string>();
  for (const pair of value as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) throw malformed('fingerprints must be an array of [name, fingerprint] pairs');
    out.set(boundedString(pair[0], 'a message name', MAX_NAME_LENGTH), boundedString(pair[1], 'a fingerprint', MAX_NAME_LENGTH));
  }
  return out;
}

function boundedString(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw malformed(`${field} must be a string of at most ${max} characters`);
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw malformed(`${field} must be a positive integer`);
  return value;
}

function malformed(why: string): TypewireError {
  return new TypewireError('TRANSPORT_PROTOCOL', `malformed HELLO: ${why}`, { details: { reason: 'malformed-hello' } });
}
