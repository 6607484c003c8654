/**
 * A msgpack encoder specialised, once per message type, to the schema's
 * object shapes. It writes msgpackr's record format: an object whose own keys
 * are, in order, one of the shared key lists is written as that list's one-byte
 * record id followed by its values; any other object gets an inline record
 * definition (`d4 72 id [keys]`, reused by id for the rest of the message) or,
 * when the per-message ids run out, a plain map. So msgpackr with the same
 * shared structures decodes the output, and so does record-decoder.ts.
 *
 * Values it does not know how to write (Date, Map, Set, class instances, typed
 * arrays other than Uint8Array, functions, symbols) make it decline the whole
 * message, which the codec then hands to msgpackr unchanged.
 */
import {
  abortMessage,
  beginMessage,
  finishMessage,
  writeArrayHeader,
  writeBigInt,
  writeBoolean,
  writeByte,
  writeBytes,
  writeMapHeader,
  writeNil,
  writeNumber,
  writeString,
  writeUndefined,
} from './msgpack-output.js';

/** Record ids are one byte, 0x40..0x7f; the shared ones come first. */
const FIRST_RECORD_ID = 0x40;
const RECORD_ID_END = 0x80;
/** The most shared key lists this encoder supports (more need msgpackr's two-byte ids). */
export const MAX_FAST_SHAPES = 32;

/** A node of the trie of key sequences; a path from the root spells a key list. */
interface ShapeNode {
  /** The record id of the key list ending here, or 0. */
  id: number;
  /** The single key that can follow, when there is only one: a compare instead of a Map lookup. */
  onlyKey: string | undefined;
  onlyNext: ShapeNode | undefined;
  readonly next: Map<string, ShapeNode>;
}

interface Shapes {
  readonly root: ShapeNode;
  /** Key count by record id - 0x40. */
  readonly lengths: ReadonlyArray<number>;
  readonly firstOwnId: number;
}

/** Thrown for a value left to msgpackr; caught in `encode`, never escapes. */
const DECLINE = Object.freeze({ declined: true });

const hasOwnProperty = Object.prototype.hasOwnProperty;
const objectPrototype = Object.prototype;

function buildShapes(keyLists: ReadonlyArray<ReadonlyArray<string>>): Shapes {
  const newNode = (): ShapeNode => ({ id: 0, onlyKey: undefined, onlyNext: undefined, next: new Map() });
  const root = newNode();
  keyLists.forEach((keys, index) => {
    let node = root;
    for (const key of keys) {
      let child = node.next.get(key);
      if (child === undefined) node.next.set(key, (child = newNode()));
      node = child;
    }
    if (node.id === 0) node.id = FIRST_RECORD_ID + index;
  });
  const finish = (node: ShapeNode): void => {
    if (node.next.size === 1) [[node.onlyKey, node.onlyNext]] = node.next;
    node.next.forEach(finish);
  };
  finish(root);
  return { root, lengths: keyLists.map((keys) => keys.length), firstOwnId: FIRST_RECORD_ID + keyLists.length };
}

// Per-message state (the output is shared, so one message is encoded at a time).
let shapes: Shapes;
let busy = false;
/** Inline record definitions written in this message: key list (as JSON) → id. */
let ownIds: Map<string, number> | undefined;
let nextOwnId = RECORD_ID_END;

/** The record id of `object`'s own key sequence, or 0 when it is not a shared shape. */
function sharedId(object: Record<string, unknown>): number {
  let node: ShapeNode | undefined = shapes.root;
  for (const key in object) {
    if (!hasOwnProperty.call(object, key)) continue;
    node = key === node.onlyKey ? node.onlyNext : node.next.get(key);
    if (node === undefined) return 0;
  }
  return node.id;
}

function writeValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      writeString(value);
      return;
    case 'number':
      writeNumber(value);
      return;
    case 'object':
      if (value === null) writeNil();
      else if (Array.isArray(value)) writeArray(value);
      else if (value instanceof Uint8Array) writeBytes(value);
      else writeObject(value);
      return;
    case 'bigint':
      writeBigInt(value);
      return;
    case 'boolean':
      writeBoolean(value);
      return;
    case 'undefined':
      writeUndefined();
      return;
    default:
      throw DECLINE;
  }
}

function writeArray(array: ReadonlyArray<unknown>): void {
  const length = array.length;
  writeArrayHeader(length);
  for (let i = 0; i < length; i++) writeValue(array[i]);
}

function writeObject(value: object): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== objectPrototype && proto !== null) throw DECLINE;
  const object = value as Record<string, unknown>;
  const id = sharedId(object);
  if (id === 0) {
    writeOtherShape(object);
    return;
  }
  writeByte(id);
  let written = 0;
  for (const key in object) {
    if (!hasOwnProperty.call(object, key)) continue;
    writeValue(object[key]);
    written++;
  }
  // Only a getter that adds or deletes keys mid-encode gets here; msgpackr decides what that means.
  if (written !== shapes.lengths[id - FIRST_RECORD_ID]) throw DECLINE;
}

function writeOtherShape(object: Record<string, unknown>): void {
  const keys = Object.keys(object);
  const count = keys.length;
  if (count === 0) {
    writeMapHeader(0);
    return;
  }
  const signature = JSON.stringify(keys);
  let id = ownIds?.get(signature);
  if (id === undefined) {
    if (nextOwnId >= RECORD_ID_END) {
      writeMapHeader(count);
      for (const key of keys) {
        writeString(key);
        writeValue(object[key]);
      }
      return;
    }
    id = nextOwnId++;
    (ownIds ??= new Map()).set(signature, id);
    writeByte(0xd4); // fixext 1, type "r": a record definition, then the record
    writeByte(0x72);
    writeByte(id);
    writeArrayHeader(count);
    for (const key of keys) writeString(key);
  } else {
    writeByte(id);
  }
  for (const key of keys) writeValue(object[key]);
}

/**
 * Returns an encode function for one message type; it returns undefined when
 * it declines a value (see above) or is called re-entrantly (from a getter).
 */
export function createRecordEncoder(keyLists: ReadonlyArray<ReadonlyArray<string>>): (value: unknown) => Uint8Array | undefined {
  if (keyLists.length > MAX_FAST_SHAPES) throw new RangeError(`at most ${MAX_FAST_SHAPES} shared shapes, got ${keyLists.length}`);
  const own = buildShapes(keyLists);
  return (value) => {
    if (busy) return undefined;
    busy = true;
    shapes = own;
    ownIds = undefined;
    nextOwnId = own.firstOwnId;
    beginMessage();
    try {
      writeValue(value);
      return finishMessage();
    } catch (error) {
      abortMessage();
      if (error === DECLINE) return undefined;
      throw error;
    } finally {
      busy = false;
    }
  };
}
