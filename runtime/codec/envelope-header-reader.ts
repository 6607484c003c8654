/**
 * Reads the binary envelope header (layout in envelope-header.ts) from
 * untrusted bytes. Every length is checked against the bytes left before
 * anything is allocated; problems come back as a string naming the field,
 * which the frame decoder turns into SERIALIZATION_DECODE_FAILED.
 */
import type { Envelope } from '../envelope.js';
import { OPTIONAL } from './envelope-header.js';
import { decodeUtf8 } from './utf8.js';

const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

class Failure {
  constructor(readonly message: string) {}
}

/** Strings up to this many ASCII bytes are built with fromCharCode; longer ones go through TextDecoder. */
const SHORT_ASCII = 64;

class HeaderReader {
  at: number;
  field = 'header';

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.at = start;
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

  string(): string {
    const length = this.varint();
    if (length > this.end - this.at) this.fail(`length ${length} runs past the end of the header`);
    const start = this.at;
    const end = start + length;
    this.at = end;
    const bytes = this.bytes;
    if (length <= SHORT_ASCII) {
      let ascii = true;
      for (let i = start; i < end; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    }
    try {
      return decodeUtf8(bytes.subarray(start, end));
    } catch {
      return this.fail('is not valid UTF-8');
    }
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
      let key = this.string();
      // As the msgpack header decoder did: never assign through __proto__.
      if (key === '__proto__') key = '__proto_';
      headers[key] = this.string();
    }
    return headers;
  }
}

/**
 * Returns the envelope carrying `payload`, or a string naming the problem.
 * Built as one object literal plus the optional fields present.
 */
export function readHeader<P>(bytes: Uint8Array, start: number, end: number, payload: P): Envelope<P> | string {
  if (start >= end) return 'envelope header is empty';
  const r = new HeaderReader(bytes, start + 1, end);
  const mask = bytes[start]!;
  try {
    r.field = 'id';
    const id = r.string();
    r.field = 'type';
    const type = r.string();
    r.field = 'timestamp';
    const timestamp = r.float();
    const envelope: Envelope<P> = { id, type, timestamp, payload };
    if (mask !== 0) {
      const optional = envelope as unknown as Record<string, unknown>;
      for (let i = 0; i < OPTIONAL.length; i++) {
        if ((mask & (1 << i)) === 0) continue;
        const [field, kind] = OPTIONAL[i]!;
        r.field = field;
        optional[field] = kind === 'string' ? r.string() : kind === 'number' ? r.float() : r.headers();
      }
    }
    if (r.at !== end) return `envelope header has ${end - r.at} unread bytes after the last field`;
    return envelope;
  } catch (error) {
    if (error instanceof Failure) return error.message;
    throw error;
  }
}
