/**
 * The envelope's header fields in a fixed binary layout (frame version 2,
 * docs/protocol.md). Replaces a generic msgpack array: the header cost more
 * CPU than a 100-byte payload, and with a fixed layout every field's type is
 * known up front, so there are no type tags to write or check.
 *
 *   byte 0   presence mask of the optional fields, bit i = OPTIONAL[i]
 *   id, type (strings), timestamp (float64 BE)
 *   then each present optional field, in OPTIONAL order
 *
 * A string is an unsigned LEB128 byte length, then UTF-8. A number is a
 * float64 BE (any finite number round-trips, -0 included). Headers are a
 * LEB128 count, then that many key and value strings.
 *
 * Field order and mask bits are part of the wire format: new fields need a
 * new frame version (the mask byte has no spare bit).
 */
import type { Envelope } from '../envelope.js';
import { encodeUtf8 } from './utf8.js';

export type EnvelopeHeader = Omit<Envelope<unknown>, 'payload'>;

export type FieldKind = 'string' | 'number' | 'headers';

/** The optional fields, in wire order; index = mask bit. writeHeader and readHeader follow this table field by field. */
export const OPTIONAL: ReadonlyArray<readonly [keyof EnvelopeHeader, FieldKind]> = [
  ['source', 'string'],
  ['target', 'string'],
  ['correlationId', 'string'],
  ['replyTo', 'string'],
  ['headers', 'headers'],
  ['traceparent', 'string'],
  ['priority', 'number'],
  ['expiresAt', 'number'],
];

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

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** Why a field is invalid, naming the field. */
export function problem(field: string, kind: FieldKind, value: unknown): string {
  return `envelope field "${field}" must be ${EXPECTED[kind]}, got ${describe(value)}`;
}

/**
 * Writes headers into one reused scratch buffer; the frame encoder copies
 * them out (a header is tens of bytes, and the exact size is only known
 * after writing non-ASCII strings).
 */
class HeaderWriter {
  bytes = new Uint8Array(512);
  view = new DataView(this.bytes.buffer);
  at = 0;
  /** Presence bits of the optional fields written so far. */
  mask = 0;

  ensure(extra: number): void {
    if (this.at + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + extra));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  varint(value: number): void {
    this.ensure(5);
    while (value > 0x7f) {
      this.bytes[this.at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.at++] = value;
  }

  string(text: string): void {
    const length = text.length;
    // ASCII fast path: the byte length is the string length, written in place.
    this.ensure(5 + length);
    const start = this.at;
    this.varint(length);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        this.at = start;
        return this.utf8(text);
      }
      bytes[at++] = code;
    }
    this.at = at;
  }

  private utf8(text: string): void {
    const encoded = encodeUtf8(text);
    this.varint(encoded.byteLength);
    this.ensure(encoded.byteLength);
    this.bytes.set(encoded, this.at);
    this.at += encoded.byteLength;
  }

  float(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.at, value);
    this.at += 8;
  }
}

const writer = new HeaderWriter();

/**
 * Writes the header into the shared scratch buffer (read it with
 * headerBytes) and returns its length, or a string naming the first invalid
 * field. The bytes are valid until the next call.
 */
export function writeHeader(envelope: EnvelopeHeader): number | string {
  const { id, type, timestamp } = envelope;
  if (id === undefined || id === null) return 'envelope field "id" is required';
  if (typeof id !== 'string') return problem('id', 'string', id);
  if (type === undefined || type === null) return 'envelope field "type" is required';
  if (typeof type !== 'string') return problem('type', 'string', type);
  if (timestamp === undefined || timestamp === null) return 'envelope field "timestamp" is required';
  if (!matches('number', timestamp)) return problem('timestamp', 'number', timestamp);
  const w = writer;
  w.at = 1; // byte 0: the mask, filled in below
  w.mask = 0;
  w.string(id);
  w.string(type);
  w.float(timestamp);
  // One call per OPTIONAL entry, in its order, each field read by name: a
  // loop over OPTIONAL read them through computed keys, a slow keyed load.
  const invalid =
    optional(w, 0, 'source', 'string', envelope.source) ??
    optional(w, 1, 'target', 'string', envelope.target) ??
    optional(w, 2, 'correlationId', 'string', envelope.correlationId) ??
    optional(w, 3, 'replyTo', 'string', envelope.replyTo) ??
    optional(w, 4, 'headers', 'headers', envelope.headers) ??
    optional(w, 5, 'traceparent', 'string', envelope.traceparent) ??
    optional(w, 6, 'priority', 'number', envelope.priority) ??
    optional(w, 7, 'expiresAt', 'number', envelope.expiresAt);
  if (invalid !== undefined) return invalid;
  w.bytes[0] = w.mask;
  return w.at;
}

/** The scratch buffer the last writeHeader wrote into; its first `length` bytes are the header. */
export function headerBytes(): Uint8Array {
  return writer.bytes;
}

/** Writes one optional field when present (setting its mask bit); returns the problem when it has the wrong type. */
function optional(w: HeaderWriter, bit: number, field: string, kind: FieldKind, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!matches(kind, value)) return problem(field, kind, value);
  w.mask |= 1 << bit;
  if (kind === 'string') w.string(value as string);
  else if (kind === 'number') w.float(value as number);
  else writeHeaders(w, value as Record<string, string>);
  return undefined;
}

function writeHeaders(w: HeaderWriter, headers: Record<string, string>): void {
  const keys = Object.keys(headers);
  w.varint(keys.length);
  for (const key of keys) {
    w.string(key);
    w.string(headers[key]!);
  }
}
