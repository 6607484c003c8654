/**
 * Reads the binary envelope header (layout in envelope-header.ts) from
 * untrusted bytes. Every length is checked against the bytes left before
 * anything is allocated; problems come back as a string naming the field,
 * which the frame decoder turns into SERIALIZATION_DECODE_FAILED.
 */
import type { Envelope } from '../envelope.js';
import { decodeUtf8 } from './utf8.js';

const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

class Failure {
  constructor(readonly message: string) {}
}

/** Strings up to this many ASCII bytes take the fast paths below; longer ones go through TextDecoder. */
const SHORT_ASCII = 64;

const NodeBuffer = (globalThis as { Buffer?: { prototype: { latin1Slice?: (start: number, end: number) => string } } }).Buffer;
/** Node's native latin1 decoder, the same text as ASCII: about 2x String.fromCharCode.apply over a subarray (Node 20). */
const latin1Slice = NodeBuffer?.prototype.latin1Slice;

/**
 * Recently read strings of the fields that repeat from message to message
 * (subject, source, reply inbox, header keys and values), direct-mapped by a
 * hash of length and last bytes. A hit costs a byte comparison and allocates
 * nothing; ids, unique per message, never go through it. Bounded: at most
 * RECENT_SLOTS strings of at most SHORT_ASCII characters.
 */
const RECENT_SLOTS = 256;
const recent: Array<string | undefined> = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);

function sameText(text: string, bytes: Uint8Array, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/** Reads one header from untrusted bytes. One instance is reused: decoding is synchronous and never reentrant. */
class HeaderReader {
  bytes: Uint8Array = new Uint8Array(0);
  at = 0;
  end = 0;
  field = 'header';

  reset(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    this.field = 'header';
  }

  fail(what: string): never {
    throw new Failure(`envelope field "${this.field}" ${what}`);
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.at >= this.end) this.fail('runs past the end of the header');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return this.fail('has a length of more than 5 bytes');
  }

  /** A string; `repeats` says the value is likely the same as in earlier messages, so worth looking up in `recent`. */
  string(repeats: boolean): string {
    const length = this.varint();
    if (length > this.end - this.at) this.fail(`length ${length} runs past the end of the header`);
    const start = this.at;
    const end = start + length;
    this.at = end;
    const bytes = this.bytes;
    if (length <= SHORT_ASCII) {
      let bits = 0;
      for (let i = start; i < end; i++) bits |= bytes[i]!;
      if (bits < 0x80) return repeats ? this.recentAscii(start, length) : this.ascii(start, end);
    }
    try {
      return decodeUtf8(bytes.subarray(start, end));
    } catch {
      return this.fail('is not valid UTF-8');
    }
  }

  private ascii(start: number, end: number): string {
    const bytes = this.bytes;
    if (latin1Slice !== undefined) return latin1Slice.call(bytes, start, end);
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }

  private recentAscii(start: number, length: number): string {
    const bytes = this.bytes;
    const last = length === 0 ? 0 : bytes[start + length - 1]!;
    const before = length < 2 ? 0 : bytes[start + length - 2]!;
    const slot = (length * 31 + last * 7 + before * 131) & (RECENT_SLOTS - 1);
    const cached = recent[slot];
    if (cached !== undefined && sameText(cached, bytes, start, length)) return cached;
    const text = this.ascii(start, start + length);
    recent[slot] = text;
    return text;
  }

  float(): number {
    if (this.end - this.at < 8) this.fail('runs past the end of the header');
    // Through a shared 8-byte scratch: a DataView per number was an allocation per field.
    const bytes = this.bytes;
    const at = this.at;
    if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) FLOAT_BYTES[i] = bytes[at + 7 - i]!;
    else for (let i = 0; i < 8; i++) FLOAT_BYTES[i] = bytes[at + i]!;
    this.at = at + 8;
    const value = FLOAT[0]!;
    if (!Number.isFinite(value)) this.fail(`must be a finite number, got ${value}`);
    return value;
  }

  headers(): Record<string, string> {
    const count = this.varint();
    // Each entry takes at least two bytes (two empty strings).
    if (count * 2 > this.end - this.at) this.fail(`count ${count} runs past the end of the header`);
    const headers: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      let key = this.string(true);
      // As the msgpack header decoder did: never assign through __proto__.
      if (key === '__proto__') key = '__proto_';
      headers[key] = this.string(true);
    }
    return headers;
  }
}

const reader = new HeaderReader();
const EMPTY = new Uint8Array(0);

/**
 * Returns the envelope carrying `payload`, or a string naming the problem.
 * Built as one object literal plus the optional fields present, each stored
 * by name, in the mask-bit order of OPTIONAL (envelope-header.ts): stores
 * through computed keys (a loop over OPTIONAL) were keyed, megamorphic writes.
 */
export function readHeader<P>(bytes: Uint8Array, start: number, end: number, payload: P): Envelope<P> | string {
  if (start >= end) return 'envelope header is empty';
  const r = reader;
  r.reset(bytes, start + 1, end);
  const mask = bytes[start]!;
  try {
    r.field = 'id';
    const id = r.string(false);
    r.field = 'type';
    const type = r.string(true);
    r.field = 'timestamp';
    const timestamp = r.float();
    const envelope: Envelope<P> = { id, type, timestamp, payload };
    if (mask !== 0) {
      if (mask & 1) {
        r.field = 'source';
        envelope.source = r.string(true);
      }
      if (mask & 2) {
        r.field = 'target';
        envelope.target = r.string(true);
      }
      if (mask & 4) {
        r.field = 'correlationId';
        envelope.correlationId = r.string(false);
      }
      if (mask & 8) {
        r.field = 'replyTo';
        envelope.replyTo = r.string(true);
      }
      if (mask & 16) {
        r.field = 'headers';
        envelope.headers = r.headers();
      }
      if (mask & 32) {
        r.field = 'traceparent';
        envelope.traceparent = r.string(false);
      }
      if (mask & 64) {
        r.field = 'priority';
        envelope.priority = r.float();
      }
      if (mask & 128) {
        r.field = 'expiresAt';
        envelope.expiresAt = r.float();
      }
    }
    if (r.at !== end) return `envelope header has ${end - r.at} unread bytes after the last field`;
    return envelope;
  } catch (error) {
    if (error instanceof Failure) return error.message;
    throw error;
  } finally {
    r.bytes = EMPTY; // do not keep the last frame alive
  }
}
