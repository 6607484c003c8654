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
  copyWritten,
  finishMessage,
  messageLength,
  moveTailTo,
  patchByte,
  reserveByte,
  rewindMessage,
  writeArrayHeader,
  writeBigInt,
  writeBoolean,
  writeByte,
  writeBytes,
  writeMapHeader,
  writeNil,
  writeNumber,
  writeRaw,
  writeString,
  writeUndefined,
} from './msgpack-output.js';

import { buildShapes, learnShape, nodeAt, RECORD_ID_END, step, type ShapeNode, type Shapes } from './record-shapes.js';

/** The most shared key lists this encoder supports (more need msgpackr's two-byte ids). */
export const MAX_FAST_SHAPES = 32;

/** Thrown for a value left to msgpackr; caught in `encode`, never escapes. */
const DECLINE = Object.freeze({ declined: true });

const hasOwnProperty = Object.prototype.hasOwnProperty;
const objectPrototype = Object.prototype;

// Per-message state (the output is shared, so one message is encoded at a time).
let shapes: Shapes;
let busy = false;
/** Numbers messages, so a learned shape's inline record id is known to belong to this one. */
let epoch = 0;
let nextOwnId = RECORD_ID_END;
/** Learned shapes given an inline record id in this message, in id order (for rollback): the first `assignedCount`. */
const assigned: ShapeNode[] = [];
let assignedCount = 0;
/** Inline record ids of shapes beyond the learned ones: key list (as JSON) → id. */
let ownIds: Map<string, number> | undefined;

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

/**
 * One pass over the keys: the values are written while the key sequence is
 * walked down the shape trie, behind a placeholder byte for the record id.
 * A shared shape gets its id; another shape gets an inline record definition,
 * inserted before the values already written, so no value is written twice.
 */
function writeObject(value: object): void {
  // A plain object, as msgpackr decides it (constructor === Object), or one without a prototype.
  if (value.constructor !== Object) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== objectPrototype && proto !== null) throw DECLINE;
  }
  const object = value as Record<string, unknown>;
  const ownMark = nextOwnId;
  const mark = reserveByte(); // the record id, patched below
  let node: ShapeNode | undefined = shapes.root;
  let last = node;
  let walked = 0;
  for (const key in object) {
    if (!hasOwnProperty.call(object, key)) continue;
    node = step(node, key);
    if (node === undefined) break;
    last = node;
    walked++;
    writeValue(object[key]);
  }
  if (node !== undefined && node.id !== 0) patchByte(mark, node.id);
  else if (node !== undefined && node.keys !== undefined) finishRecord(object, mark, ownMark, node.keys, node, walked);
  else finishOtherShape(object, mark, ownMark, last, walked);
}

/** For an object met for the first time: learns its shape, unless a getter changed its keys while they were walked. */
function finishOtherShape(object: Record<string, unknown>, mark: number, ownMark: number, last: ShapeNode, walked: number): void {
  const keys = Object.keys(object);
  if (keys.length === 0 && walked === 0) {
    patchByte(mark, 0x80); // {}: an empty map is one byte
  } else if (nodeAt(shapes, keys, walked) === last) {
    const node = learnShape(shapes, last, keys, walked);
    if (node !== undefined && node.id !== 0) {
      patchByte(mark, node.id); // a getter deleted the key that made it another shape
      for (let i = walked; i < keys.length; i++) writeValue(object[keys[i]!]);
    } else {
      finishRecord(object, mark, ownMark, keys, node, walked);
    }
  } else {
    rewindTo(mark, ownMark);
    writeOtherShape(object);
  }
}

/**
 * Ends an object written as an inline record of `keys` (learned as `node`,
 * if it could be), whose first `walked` values are written: puts its id in
 * the placeholder, or its definition, and writes the remaining values.
 */
function finishRecord(
  object: Record<string, unknown>,
  mark: number,
  ownMark: number,
  keys: ReadonlyArray<string>,
  node: ShapeNode | undefined,
  walked: number,
): void {
  const ownId = ownIdFor(keys, node);
  if (ownId === 0) {
    // Out of record ids: start the object over as a map.
    rewindTo(mark, ownMark);
    writeOtherShape(object);
    return;
  }
  if (ownId >= ownMark) {
    // A nested object of the same shape took the id first, so its definition
    // sits after this object's start: a reference here would come before the
    // definition. Recursive shapes are rare; msgpackr writes them correctly.
    throw DECLINE;
  }
  if (ownId > 0) {
    patchByte(mark, ownId);
  } else {
    const definition = messageLength();
    writeRecordDefinition(-ownId, keys, node);
    moveTailTo(mark, definition);
  }
  for (let i = walked; i < keys.length; i++) writeValue(object[keys[i]!]);
}

/**
 * The inline record id of an other shape in this message: an id it already
 * has (> 0), a new one whose definition must be written (< 0), or 0 when the
 * ids have run out. `node` is the learned shape, when there is one.
 */
function ownIdFor(keys: ReadonlyArray<string>, node: ShapeNode | undefined): number {
  let signature = '';
  if (node !== undefined) {
    if (node.ownEpoch === epoch) return node.ownId;
  } else {
    signature = JSON.stringify(keys);
    const known = ownIds?.get(signature);
    if (known !== undefined) return known;
  }
  if (nextOwnId >= RECORD_ID_END) return 0;
  const id = nextOwnId++;
  if (node !== undefined) {
    node.ownId = id;
    node.ownEpoch = epoch;
    assigned[assignedCount++] = node;
  } else {
    (ownIds ??= new Map()).set(signature, id);
  }
  return -id;
}

/** Drops the output after `mark` and the inline record ids given out since `ownMark` (their definitions are gone). */
function rewindTo(mark: number, ownMark: number): void {
  rewindMessage(mark);
  if (nextOwnId === ownMark) return;
  nextOwnId = ownMark;
  while (assignedCount > 0 && assigned[assignedCount - 1]!.ownId >= ownMark) assigned[--assignedCount]!.ownEpoch = 0;
  ownIds?.forEach((id, signature) => {
    if (id >= ownMark) ownIds?.delete(signature);
  });
}

function writeRecordDefinition(id: number, keys: ReadonlyArray<string>, node: ShapeNode | undefined): void {
  writeByte(0xd4); // fixext 1, type "r": a record definition, then the record
  writeByte(0x72);
  writeByte(id);
  if (node?.encodedKeys !== undefined) {
    writeRaw(node.encodedKeys);
    return;
  }
  const from = messageLength();
  writeArrayHeader(keys.length);
  for (const key of keys) writeString(key);
  if (node !== undefined) node.encodedKeys = copyWritten(from);
}

/** Writes an object from scratch as an inline record, or as a map once the ids have run out. */
function writeOtherShape(object: Record<string, unknown>): void {
  const keys = Object.keys(object);
  if (keys.length === 0) {
    writeMapHeader(0);
    return;
  }
  const node = learnShape(shapes, shapes.root, keys, 0);
  if (node !== undefined && node.id !== 0) {
    writeByte(node.id); // a getter turned it into a shared shape
    for (const key of keys) writeValue(object[key]);
    return;
  }
  const ownId = ownIdFor(keys, node);
  if (ownId === 0) {
    writeMapHeader(keys.length);
    for (const key of keys) {
      writeString(key);
      writeValue(object[key]);
    }
    return;
  }
  if (ownId > 0) writeByte(ownId);
  else writeRecordDefinition(-ownId, keys, node);
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
    epoch++;
    nextOwnId = own.firstOwnId;
    assignedCount = 0;
    ownIds = undefined;
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
