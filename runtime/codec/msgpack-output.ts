/**
 * The output side of the schema codec: msgpack tokens written into a shared
 * slab, one message after another (as msgpackr does). A finished message is
 * returned as a plain Uint8Array view of its bytes; the slab is never written
 * over (a full slab is replaced, not reused), so a view stays valid for as
 * long as it is held. See bytes.ts about `.buffer`.
 *
 * Token choices match msgpackr's, so its decoders read our output and ours
 * reads theirs: integers in the smallest format (but 64..127 as uint8, since
 * fixints 0x40..0x7f are record ids), other numbers as float64, every bigint
 * as int64/uint64, `undefined` as fixext 1 type 0. Strings are always valid
 * UTF-8: a lone surrogate is written as U+FFFD (as TextEncoder does).
 *
 * Not re-entrant: the caller (record-encoder.ts) guards against a nested encode.
 */

const SLAB_BYTES = 16 * 1024;
/** A message does not start in a slab with less room left than this: growing mid-message copies. */
const MIN_START_ROOM = 1024;
/** A slab grown beyond this for one big message is not used for the next ones (they would pin it). */
const MAX_KEPT_SLAB = 1024 * 1024;
/** Room every fixed-size token fits in (9 bytes for an int64, plus slack). */
const HEADROOM = 16;
/** Above this many UTF-16 units the platform's encoder beats a JS loop. */
const NATIVE_UTF8_FROM = 64;

const NodeBuffer = (globalThis as { Buffer?: { prototype: { utf8Write?: (text: string, offset: number, length: number) => number } } }).Buffer;
const nativeUtf8Write = NodeBuffer?.prototype.utf8Write;
const textEncoder = new TextEncoder();

let buf = new Uint8Array(SLAB_BYTES);
let view = new DataView(buf.buffer);
let pos = 0;
let start = 0;
/** Past this position a fixed-size token may not fit. */
let safeEnd = buf.length - HEADROOM;

function replaceSlab(size: number): void {
  const next = new Uint8Array(size);
  next.set(buf.subarray(start, pos));
  pos -= start;
  start = 0;
  buf = next;
  view = new DataView(next.buffer);
  safeEnd = next.length - HEADROOM;
}

/** Makes room for `extra` more bytes, moving the message written so far to a larger slab. */
function grow(extra: number): void {
  const needed = pos - start + extra + HEADROOM;
  replaceSlab(Math.max(SLAB_BYTES, needed * 2));
}

export function beginMessage(): void {
  start = pos;
  if (buf.length - pos < MIN_START_ROOM) replaceSlab(SLAB_BYTES); // nothing to carry over
}

/** The finished message; the next one starts after it. */
export function finishMessage(): Uint8Array {
  const out = new Uint8Array(buf.buffer, start, pos - start);
  start = pos;
  if (buf.length > MAX_KEPT_SLAB) {
    replaceSlab(SLAB_BYTES); // nothing to carry over: the big message is done
  }
  return out;
}

/** Drops a half-written message. */
export function abortMessage(): void {
  pos = start;
}

/** Bytes written so far in this message (a mark for `patchByte` and `rewindMessage`). */
export function messageLength(): number {
  return pos - start;
}

/** Drops what was written after `mark`. */
export function rewindMessage(mark: number): void {
  pos = start + mark;
}

/** Writes a placeholder byte for `patchByte` and returns its offset. */
export function reserveByte(): number {
  if (pos > safeEnd) grow(HEADROOM);
  buf[pos++] = 0;
  return pos - 1 - start;
}

/** A copy of the bytes written since `mark`. */
export function copyWritten(mark: number): Uint8Array {
  return buf.slice(start + mark, pos);
}

/** Writes bytes as they are (an encoding made earlier). */
export function writeRaw(bytes: Uint8Array): void {
  const length = bytes.length;
  if (pos + length > safeEnd) grow(length);
  for (let i = 0; i < length; i++) buf[pos + i] = bytes[i]!;
  pos += length;
}

/** Holds the bytes `moveTailTo` moves (a record definition: small). */
let moveScratch = new Uint8Array(256);

/**
 * Moves the bytes written since `tail` to `mark`, in place of the
 * placeholder byte reserved there, shifting the bytes between them up.
 */
export function moveTailTo(mark: number, tail: number): void {
  const at = start + mark;
  const from = start + tail;
  const length = pos - from;
  if (moveScratch.length < length) moveScratch = new Uint8Array(length * 2);
  for (let i = 0; i < length; i++) moveScratch[i] = buf[from + i]!;
  buf.copyWithin(at + length, at + 1, from);
  for (let i = 0; i < length; i++) buf[at + i] = moveScratch[i]!;
  pos -= 1;
}


export function patchByte(offset: number, byte: number): void {
  buf[start + offset] = byte;
}

export function writeByte(byte: number): void {
  if (pos > safeEnd) grow(HEADROOM);
  buf[pos++] = byte;
}

export function writeNil(): void {
  writeByte(0xc0);
}

export function writeBoolean(value: boolean): void {
  writeByte(value ? 0xc3 : 0xc2);
}

export function writeUndefined(): void {
  if (pos > safeEnd) grow(HEADROOM);
  buf[pos++] = 0xd4;
  buf[pos++] = 0;
  buf[pos++] = 0;
}

export function writeNumber(value: number): void {
  if (pos > safeEnd) grow(HEADROOM);
  if (value >>> 0 === value) {
    // -0 lands here too and is written as 0: msgpack integers have no sign bit for zero
    if (value < 0x40) {
      buf[pos++] = value;
    } else if (value < 0x100) {
      buf[pos++] = 0xcc;
      buf[pos++] = value;
    } else if (value < 0x10000) {
      buf[pos++] = 0xcd;
      buf[pos++] = value >> 8;
      buf[pos++] = value & 0xff;
    } else {
      buf[pos++] = 0xce;
      view.setUint32(pos, value);
      pos += 4;
    }
  } else if (value >> 0 === value) {
    if (value >= -0x20) {
      buf[pos++] = 0x100 + value;
    } else if (value >= -0x80) {
      buf[pos++] = 0xd0;
      buf[pos++] = value + 0x100;
    } else if (value >= -0x8000) {
      buf[pos++] = 0xd1;
      view.setInt16(pos, value);
      pos += 2;
    } else {
      buf[pos++] = 0xd2;
      view.setInt32(pos, value);
      pos += 4;
    }
  } else {
    buf[pos++] = 0xcb;
    view.setFloat64(pos, value);
    pos += 8;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;

/** Throws a RangeError beyond 64 bits (the codec reports it as SERIALIZATION_ENCODE_FAILED). */
export function writeBigInt(value: bigint): void {
  if (pos > safeEnd) grow(HEADROOM);
  if (value >= INT64_MIN && value < INT64_END) {
    buf[pos++] = 0xd3;
    view.setBigInt64(pos, value);
  } else if (value > 0n && value < UINT64_END) {
    buf[pos++] = 0xcf;
    view.setBigUint64(pos, value);
  } else {
    throw new RangeError(`${value} does not fit in a 64-bit integer`);
  }
  pos += 8;
}

function writeLengthHeader(length: number, small: number, smallMax: number, t16: number, t32: number): void {
  if (pos > safeEnd) grow(HEADROOM);
  if (length < smallMax) {
    buf[pos++] = small | length;
  } else if (length < 0x10000) {
    buf[pos++] = t16;
    buf[pos++] = length >> 8;
    buf[pos++] = length & 0xff;
  } else {
    buf[pos++] = t32;
    view.setUint32(pos, length);
    pos += 4;
  }
}

export function writeArrayHeader(length: number): void {
  writeLengthHeader(length, 0x90, 0x10, 0xdc, 0xdd);
}

export function writeMapHeader(length: number): void {
  writeLengthHeader(length, 0x80, 0x10, 0xde, 0xdf);
}

export function writeBytes(bytes: Uint8Array): void {
  const length = bytes.byteLength;
  if (pos + length > safeEnd - 5) grow(length + 5);
  if (length < 0x100) {
    buf[pos++] = 0xc4;
    buf[pos++] = length;
  } else if (length < 0x10000) {
    buf[pos++] = 0xc5;
    buf[pos++] = length >> 8;
    buf[pos++] = length & 0xff;
  } else {
    buf[pos++] = 0xc6;
    view.setUint32(pos, length);
    pos += 4;
  }
  buf.set(bytes, pos);
  pos += length;
}

/** UTF-8 of `text` from unit `from` on, written at `at`; returns the end position. */
function utf8Slow(text: string, from: number, at: number): number {
  const length = text.length;
  for (let i = from; i < length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      buf[at++] = c;
    } else if (c < 0x800) {
      buf[at++] = (c >> 6) | 0xc0;
      buf[at++] = (c & 0x3f) | 0x80;
    } else {
      if ((c & 0xf800) === 0xd800) {
        const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && (next & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c & 0x3ff) << 10) + (next & 0x3ff);
          i++;
          buf[at++] = (c >> 18) | 0xf0;
          buf[at++] = ((c >> 12) & 0x3f) | 0x80;
          buf[at++] = ((c >> 6) & 0x3f) | 0x80;
          buf[at++] = (c & 0x3f) | 0x80;
          continue;
        }
        c = 0xfffd; // a lone surrogate has no UTF-8 form
      }
      buf[at++] = (c >> 12) | 0xe0;
      buf[at++] = ((c >> 6) & 0x3f) | 0x80;
      buf[at++] = (c & 0x3f) | 0x80;
    }
  }
  return at;
}

function utf8Native(text: string, at: number): number {
  if (nativeUtf8Write !== undefined) return at + nativeUtf8Write.call(buf, text, at, buf.length - at);
  return at + textEncoder.encodeInto(text, buf.subarray(at)).written;
}

export function writeString(text: string): void {
  const units = text.length;
  if (pos + units * 3 > safeEnd - 5) grow(units * 3 + 5);
  if (units < 0x20) {
    // The common case, a short ASCII string, in one pass.
    const out = buf;
    const first = pos + 1;
    let i = 0;
    for (; i < units; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      out[first + i] = c;
    }
    if (i === units) {
      out[pos] = 0xa0 | units;
      pos = first + units;
      return;
    }
  }
  // The header's size is guessed from the unit count (a lower bound of the
  // byte count) and the bytes are moved when the guess was too small.
  const headerSize = units < 0x20 ? 1 : units < 0x100 ? 2 : units < 0x10000 ? 3 : 5;
  const first = pos + headerSize;
  let end = first;
  if (units < NATIVE_UTF8_FROM) {
    let i = 0;
    for (; i < units; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      buf[end++] = c;
    }
    if (i < units) end = utf8Slow(text, i, end);
  } else {
    end = utf8Native(text, first);
  }
  const length = end - first;
  const needed = length < 0x20 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
  if (needed !== headerSize) buf.copyWithin(pos + needed, first, end);
  if (needed === 1) {
    buf[pos++] = 0xa0 | length;
  } else if (needed === 2) {
    buf[pos++] = 0xd9;
    buf[pos++] = length;
  } else if (needed === 3) {
    buf[pos++] = 0xda;
    buf[pos++] = length >> 8;
    buf[pos++] = length & 0xff;
  } else {
    buf[pos++] = 0xdb;
    view.setUint32(pos, length);
    pos += 4;
  }
  pos += length;
}
