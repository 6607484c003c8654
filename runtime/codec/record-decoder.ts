/**
 * A msgpack decoder specialised, once per message type, to the schema's
 * shared record structures and int64 paths. It reads what record-encoder.ts
 * and msgpackr write (records by shared id, inline record definitions, maps,
 * arrays, strings, bin, numbers, int64/uint64 as bigint, `undefined`), and
 * turns a compact integer at a declared int64 path into a bigint while it
 * reads, so no second walk over the message is needed.
 *
 * It returns a value only when the input is well-formed and the value is the
 * one msgpackr would return (plus the int64 rule). Anything else (any other
 * extension, a non-string map key, invalid UTF-8, truncation, trailing
 * bytes, nesting deeper than MAX_DEPTH) makes it decline, and the codec
 * decodes the input with msgpackr instead, which decides what it means or
 * which error to raise.
 *
 * Limits: a declared length is checked against the bytes left before
 * anything is allocated, and array lengths also spend a per-message budget
 * of the input size (as msgpackr does), so a small input cannot make it
 * allocate much. A `__proto__` key arrives as `__proto_` (msgpackr's guard).
 */
import { plainView } from './bytes.js';
import { safeKey, type ReadField, type RecordBuilder } from './record-builders.js';
import type { PathTrie } from './special-paths.js';
import { readUtf8, SHORT_ASCII, shortAscii } from './msgpack-text.js';

/** What a decoder returns when it leaves the input to msgpackr. */
export const DECLINED: unique symbol = Symbol('declined');

/** Deeper input is left to msgpackr (which reports a stack overflow as SERIALIZATION_TOO_LARGE). */
const MAX_DEPTH = 500;
const RECORD_SLOTS = 64;

interface Struct {
  readonly keys: ReadonlyArray<string>;
  /** A generated literal builder for these keys (record-builders.ts), if one was given. */
  readonly build: RecordBuilder | undefined;
  /** `keys.length` times undefined: the children when no int64 path runs through the record. */
  readonly noChildren: ReadonlyArray<undefined>;
  /**
   * The int64 trie children of `keys` under `cacheNode`: a one-entry cache,
   * since a shape nearly always sits at one path of a message.
   */
  cacheNode: PathTrie | undefined;
  cacheChildren: ReadonlyArray<PathTrie | undefined>;
}

/** Inline-defined shapes a decoder has met, as a trie of their keys. */
interface LearnedNode {
  readonly next: Map<string, LearnedNode>;
  struct: Struct | undefined;
}

interface Learned {
  readonly root: LearnedNode;
  nodes: number;
  /** The encoded key arrays of the last few definitions read, replaced in turn. */
  readonly recent: Array<{ readonly bytes: Uint8Array; readonly struct: Struct }>;
  nextRecent: number;
}

const MAX_RECENT = 8;
const MAX_RECENT_BYTES = 512;

/** Inline-defined shapes are remembered up to this many trie nodes per message type (hostile key sets cannot grow it further). */
const MAX_LEARNED_NODES = 1024;

function newLearned(): Learned {
  return { root: { next: new Map(), struct: undefined }, nodes: 0, recent: [], nextRecent: 0 };
}

/** Thrown to decline; caught in the decode function, never escapes. */
const BAIL = Object.freeze({ bail: true });
const EMPTY = new Uint8Array(0);

// Per-message state: one message is decoded at a time.
let src: Uint8Array = EMPTY;
let pos = 0;
let end = 0;
let depth = 0;
/** Array elements still allowed in this message (every element takes at least one byte). */
let budget = 0;
let shared: ReadonlyArray<Struct | undefined> = [];
let learned: Learned = newLearned();
/** Records defined inline in this message; they shadow shared ids until the message ends. */
let own: Array<Struct | undefined> | undefined;
let busy = false;

function newStruct(keys: ReadonlyArray<string>, build?: RecordBuilder): Struct {
  return { keys: keys.map(safeKey), build, noChildren: keys.map(() => undefined), cacheNode: undefined, cacheChildren: [] };
}

function childrenOf(struct: Struct, node: PathTrie): ReadonlyArray<PathTrie | undefined> {
  if (struct.cacheNode !== node) {
    struct.cacheChildren = struct.keys.map((key) => node.named.get(key) ?? node.any);
    struct.cacheNode = node;
  }
  return struct.cacheChildren;
}

function take(count: number): number {
  if (count > end - pos) throw BAIL;
  const at = pos;
  pos += count;
  return at;
}

/**
 * Floats and 64-bit integers are read through a copy in a fixed scratch
 * buffer: a DataView over each input would cost an allocation per message.
 */
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

function loadScratch(size: 4 | 8): DataView {
  const at = take(size);
  for (let i = 0; i < size; i++) scratch[i] = src[at + i]!;
  return scratchView;
}

function readUint(size: 1 | 2 | 4): number {
  const at = take(size);
  const b = src;
  if (size === 1) return b[at]!;
  if (size === 2) return (b[at]! << 8) | b[at + 1]!;
  return b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

function readString(length: number): string {
  const at = take(length);
  const text = readUtf8(src, at, length);
  if (text === undefined) throw BAIL;
  return text;
}

function readKey(): string {
  if (pos >= end) throw BAIL;
  const token = src[pos++]!;
  if (token >= 0xa0 && token < 0xc0) return readString(token & 0x1f);
  if (token === 0xd9) return readString(readUint(1));
  if (token === 0xda) return readString(readUint(2));
  if (token === 0xdb) return readString(readUint(4));
  throw BAIL; // msgpackr turns numbers and booleans into key strings; leave that to it
}

/** Reads a value at `node` of the int64 trie and applies the int64 rule there. */
function readAt(node: PathTrie | undefined): unknown {
  const value = read(node);
  if (node !== undefined && node.leaf === 'int64' && typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/** The trie children of the record a builder is building (the innermost one). */
let fieldNodes: ReadonlyArray<PathTrie | undefined> = [];
const readField: ReadField = (index) => readAt(fieldNodes[index]);

function readRecord(struct: Struct, node: PathTrie | undefined): Record<string, unknown> {
  if (++depth > MAX_DEPTH) throw BAIL;
  let object: Record<string, unknown>;
  if (struct.build !== undefined) {
    const outer = fieldNodes;
    fieldNodes = node === undefined ? struct.noChildren : childrenOf(struct, node);
    object = struct.build(readField) as Record<string, unknown>;
    fieldNodes = outer;
  } else {
    const keys = struct.keys;
    const count = keys.length;
    object = {};
    if (node === undefined) {
      for (let i = 0; i < count; i++) object[keys[i]!] = read(undefined);
    } else {
      const children = childrenOf(struct, node);
      for (let i = 0; i < count; i++) object[keys[i]!] = readAt(children[i]);
    }
  }
  depth--;
  return object;
}

function readRecordDefinition(id: number, node: PathTrie | undefined): Record<string, unknown> {
  const struct = recentDefinition() ?? readDefinition();
  (own ??= new Array<Struct | undefined>(RECORD_SLOTS))[id & 0x3f] = struct;
  return readRecord(struct, node);
}

/** The Struct of a key array whose exact bytes were met recently (no strings to read), moving past them. */
function recentDefinition(): Struct | undefined {
  const recent = learned.recent;
  for (let r = 0; r < recent.length; r++) {
    const bytes = recent[r]!.bytes;
    const length = bytes.length;
    if (length > end - pos) continue;
    let i = 0;
    while (i < length && bytes[i] === src[pos + i]) i++;
    if (i === length) {
      pos += length;
      return recent[r]!.struct;
    }
  }
  return undefined;
}

function readDefinition(): Struct {
  const start = pos;
  const keys = read(undefined);
  if (!Array.isArray(keys)) throw BAIL;
  let at: LearnedNode | undefined = learned.root;
  for (const key of keys) {
    if (typeof key !== 'string') throw BAIL;
    at = at?.next.get(key);
  }
  let struct = at?.struct;
  if (struct === undefined) {
    struct = newStruct(keys as string[]);
    learn(keys as string[], struct);
  }
  if (pos - start <= MAX_RECENT_BYTES) {
    learned.recent[learned.nextRecent] = { bytes: src.slice(start, pos), struct };
    learned.nextRecent = (learned.nextRecent + 1) % MAX_RECENT;
  }
  return struct;
}

/** Remembers an inline-defined shape, so the next message defining it again reuses its Struct (and int64 path cache). */
function learn(keys: ReadonlyArray<string>, struct: Struct): void {
  let at = learned.root;
  for (const key of keys) {
    let child = at.next.get(key);
    if (child === undefined) {
      if (learned.nodes >= MAX_LEARNED_NODES) return;
      learned.nodes++;
      at.next.set(key, (child = { next: new Map(), struct: undefined }));
    }
    at = child;
  }
  at.struct ??= struct;
}

function readArray(length: number, node: PathTrie | undefined): unknown[] {
  if (length > end - pos || (budget -= length) < 0) throw BAIL;
  if (++depth > MAX_DEPTH) throw BAIL;
  const array = new Array<unknown>(length);
  const item = node?.any;
  if (item === undefined) {
    for (let i = 0; i < length; i++) array[i] = read(undefined);
  } else {
    for (let i = 0; i < length; i++) array[i] = readAt(item);
  }
  depth--;
  return array;
}

function readMap(length: number, node: PathTrie | undefined): Record<string, unknown> {
  if (length > (end - pos) / 2) throw BAIL; // a key and a value take at least a byte each
  if (++depth > MAX_DEPTH) throw BAIL;
  const object: Record<string, unknown> = {};
  for (let i = 0; i < length; i++) {
    let key = readKey();
    if (key === '__proto__') key = '__proto_';
    object[key] = node === undefined ? read(undefined) : readAt(node.named.get(key) ?? node.any);
  }
  depth--;
  return object;
}

function readBytes(length: number): Uint8Array {
  const at = take(length);
  return src.slice(at, at + length); // a copy: the value must not pin or expose the input
}

function readFixExt1(node: PathTrie | undefined): unknown {
  const at = take(2);
  const type = src[at]!;
  if (type === 0x72) return readRecordDefinition(src[at + 1]!, node);
  if (type === 0) return undefined; // msgpackr's (and notepack's) undefined
  throw BAIL;
}

function read(node: PathTrie | undefined): unknown {
  if (pos >= end) throw BAIL;
  const token = src[pos++]!;
  if (token < 0xa0) {
    if (token < 0x40) return token;
    if (token < 0x80) {
      const slot = token & 0x3f;
      const struct = own?.[slot] ?? shared[slot];
      return struct === undefined ? token : readRecord(struct, node); // no record there: msgpackr reads the integer
    }
    if (token < 0x90) return readMap(token & 0x0f, node);
    return readArray(token & 0x0f, node);
  }
  if (token < 0xc0) {
    const length = token & 0x1f;
    if (length <= SHORT_ASCII && length <= end - pos) {
      const text = shortAscii(src, pos, length); // the common case, without the general path's calls
      if (text !== undefined) {
        pos += length;
        return text;
      }
    }
    return readString(length);
  }
  if (token >= 0xe0) return token - 0x100;
  switch (token) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return readBytes(readUint(1));
    case 0xc5:
      return readBytes(readUint(2));
    case 0xc6:
      return readBytes(readUint(4));
    case 0xca:
      return loadScratch(4).getFloat32(0);
    case 0xcb:
      return loadScratch(8).getFloat64(0);
    case 0xcc:
      return readUint(1);
    case 0xcd:
      return readUint(2);
    case 0xce:
      return readUint(4);
    case 0xcf:
      return loadScratch(8).getBigUint64(0);
    case 0xd0:
      return (readUint(1) << 24) >> 24;
    case 0xd1:
      return (readUint(2) << 16) >> 16;
    case 0xd2:
      return readUint(4) | 0;
    case 0xd3:
      return loadScratch(8).getBigInt64(0);
    case 0xd4:
      return readFixExt1(node);
    case 0xd9:
      return readString(readUint(1));
    case 0xda:
      return readString(readUint(2));
    case 0xdb:
      return readString(readUint(4));
    case 0xdc:
      return readArray(readUint(2), node);
    case 0xdd:
      return readArray(readUint(4), node);
    case 0xde:
      return readMap(readUint(2), node);
    case 0xdf:
      return readMap(readUint(4), node);
    default:
      throw BAIL; // 0xc1, other extensions: msgpackr's business
  }
}

/**
 * Returns a decode function for one message type: the decoded value, or
 * DECLINED. `int64` is the trie of the message's int64 paths, if any.
 * `keyLists` must be the list msgpackr was given (record id 0x40 + index);
 * `builders` holds checked record builders by key list (JSON), if any.
 */
export function createRecordDecoder(
  keyLists: ReadonlyArray<ReadonlyArray<string>>,
  int64: PathTrie | undefined,
  builders: ReadonlyMap<string, RecordBuilder> = new Map(),
): (bytes: Uint8Array) => unknown {
  if (keyLists.length > RECORD_SLOTS) throw new RangeError(`at most ${RECORD_SLOTS} shared shapes, got ${keyLists.length}`);
  const structs = keyLists.map((keys) => newStruct(keys, builders.get(JSON.stringify(keys))));
  const inline = newLearned();
  return (bytes) => {
    if (busy) return DECLINED;
    busy = true;
    src = plainView(bytes); // so bytes values are sliced into plain Uint8Array copies, never Buffers
    pos = 0;
    end = bytes.length;
    budget = end;
    depth = 0;
    shared = structs;
    learned = inline;
    own = undefined;
    fieldNodes = [];
    try {
      const value = readAt(int64);
      return pos === end ? value : DECLINED;
    } catch {
      return DECLINED; // BAIL, or a stack overflow
    } finally {
      src = EMPTY; // do not keep the caller's bytes alive
        own = undefined;
      fieldNodes = [];
      busy = false;
    }
  };
}
