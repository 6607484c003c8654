/**
 * The envelope's header fields as a msgpack array with fixed positions:
 * required fields first, so the common envelope (id, type, timestamp and a
 * few optionals) is short, and absent trailing fields are left off entirely.
 *
 *   0 id  1 type  2 timestamp  3 source  4 target  5 correlationId
 *   6 replyTo  7 headers  8 traceparent  9 priority  10 expiresAt
 *
 * Positions are part of the wire format (docs/protocol.md): append new
 * fields at the end, never reorder.
 */
import type { Envelope } from '../envelope.js';

export type EnvelopeHeader = Omit<Envelope<unknown>, 'payload'>;

type FieldKind = 'string' | 'number' | 'headers';

const FIELDS: ReadonlyArray<readonly [keyof EnvelopeHeader, FieldKind, boolean]> = [
  ['id', 'string', true],
  ['type', 'string', true],
  ['timestamp', 'number', true],
  ['source', 'string', false],
  ['target', 'string', false],
  ['correlationId', 'string', false],
  ['replyTo', 'string', false],
  ['headers', 'headers', false],
  ['traceparent', 'string', false],
  ['priority', 'number', false],
  ['expiresAt', 'number', false],
];

const REQUIRED_COUNT = 3;

function isHeaders(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const item of Object.values(value)) if (typeof item !== 'string') return false;
  return true;
}

function matches(kind: FieldKind, value: unknown): boolean {
  if (kind === 'string') return typeof value === 'string';
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  return isHeaders(value);
}

const EXPECTED: Readonly<Record<FieldKind, string>> = {
  string: 'a string',
  number: 'a finite number',
  headers: 'an object of string values',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** Why a field is invalid, naming the field. */
function problem(field: string, kind: FieldKind, value: unknown): string {
  return `envelope field "${field}" must be ${EXPECTED[kind]}, got ${describe(value)}`;
}

/** Returns the header array, or a string naming the first invalid field. */
export function headerToArray(envelope: EnvelopeHeader): unknown[] | string {
  const out: unknown[] = [];
  let last = REQUIRED_COUNT - 1;
  for (let i = 0; i < FIELDS.length; i++) {
    const [field, kind, required] = FIELDS[i]!;
    const value: unknown = envelope[field];
    if (value === undefined || value === null) {
      if (required) return `envelope field "${field}" is required`;
      out.push(null);
      continue;
    }
    if (!matches(kind, value)) return problem(field, kind, value);
    out.push(value);
    last = i;
  }
  out.length = last + 1; // drop absent trailing fields
  return out;
}

/**
 * Returns the envelope carrying `payload`, or a string naming the first
 * invalid field. Built as one object literal plus the optional fields
 * present: spreading a separately built header into a new object cost more
 * than decoding the header itself.
 */
export function envelopeFromArray<P>(decoded: unknown, payload: P): Envelope<P> | string {
  if (!Array.isArray(decoded)) return `envelope header must be an array, got ${describe(decoded)}`;
  if (decoded.length < REQUIRED_COUNT || decoded.length > FIELDS.length) {
    return `envelope header has ${decoded.length} fields, expected ${REQUIRED_COUNT} to ${FIELDS.length}`;
  }
  for (let i = 0; i < REQUIRED_COUNT; i++) {
    const [field, kind] = FIELDS[i]!;
    const value: unknown = decoded[i];
    if (value === null || value === undefined) return `envelope field "${field}" is required`;
    if (!matches(kind, value)) return problem(field, kind, value);
  }
  const envelope: Envelope<P> = { id: decoded[0] as string, type: decoded[1] as string, timestamp: decoded[2] as number, payload };
  const optional = envelope as unknown as Record<string, unknown>;
  for (let i = REQUIRED_COUNT; i < decoded.length; i++) {
    const [field, kind] = FIELDS[i]!;
    const value: unknown = decoded[i];
    if (value === null || value === undefined) continue;
    if (!matches(kind, value)) return problem(field, kind, value);
    optional[field] = value;
  }
  return envelope;
}
