/**
 * The encoder's trie of object key sequences: a path from the root spells a
 * key list. The schema's shared shapes are built in at definition time and
 * carry their record id; other shapes the encoder meets (an optional field
 * missing, an extra key) are added as they come, up to a bound, so that the
 * next object of the same shape is recognised by the same walk over its keys
 * instead of by listing and hashing its keys again.
 */

/** Record ids are one byte, 0x40..0x7f; the shared ones come first. */
export const FIRST_RECORD_ID = 0x40;
export const RECORD_ID_END = 0x80;

/** Other shapes are remembered up to this many trie nodes per message type (hostile key sets cannot grow it further). */
const MAX_LEARNED_NODES = 1024;

const FIRST_KEYS = 4;

export interface ShapeNode {
  /** The record id of the shared key list ending here, or 0. */
  readonly id: number;
  /**
   * The first few keys that can follow and their nodes: a few pointer
   * compares (keys are internalised strings) instead of a Map lookup.
   */
  readonly firstKeys: string[];
  readonly firstNext: ShapeNode[];
  /** Every key that can follow (the first ones too). */
  readonly next: Map<string, ShapeNode>;
  /** For a learned other shape ending here: its key list, written in its inline record definition. */
  keys: ReadonlyArray<string> | undefined;
  /** `keys` as msgpack (an array of strings), once written: copied into each message that defines the shape. */
  encodedKeys: Uint8Array | undefined;
  /** The inline record id this shape has in the message numbered `ownEpoch` (ids are per message). */
  ownId: number;
  ownEpoch: number;
}

export interface Shapes {
  readonly root: ShapeNode;
  /** The first id free for inline record definitions. */
  readonly firstOwnId: number;
  learnedNodes: number;
}

interface MutableNode {
  id: number;
  firstKeys: string[];
  firstNext: ShapeNode[];
  next: Map<string, ShapeNode>;
  keys: ReadonlyArray<string> | undefined;
  encodedKeys: Uint8Array | undefined;
  ownId: number;
  ownEpoch: number;
}

function newNode(): MutableNode {
  return { id: 0, firstKeys: [], firstNext: [], next: new Map(), keys: undefined, encodedKeys: undefined, ownId: 0, ownEpoch: 0 };
}

function addChild(node: MutableNode, key: string): MutableNode {
  let child = node.next.get(key) as MutableNode | undefined;
  if (child === undefined) {
    node.next.set(key, (child = newNode()));
    if (node.firstKeys.length < FIRST_KEYS) {
      node.firstKeys.push(key);
      node.firstNext.push(child);
    }
  }
  return child;
}

/** The trie of `keyLists` (shared record id 0x40 + index each). */
export function buildShapes(keyLists: ReadonlyArray<ReadonlyArray<string>>): Shapes {
  const root = newNode();
  keyLists.forEach((keys, index) => {
    let node = root;
    for (const key of keys) {
      node = addChild(node, key);
    }
    if (node.id === 0) node.id = FIRST_RECORD_ID + index;
  });
  return { root, firstOwnId: FIRST_RECORD_ID + keyLists.length, learnedNodes: 0 };
}

/** The node `key` leads to from `node`, if any. */
export function step(node: ShapeNode, key: string): ShapeNode | undefined {
  const keys = node.firstKeys;
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return node.firstNext[i];
  return node.next.get(key);
}

/** The node `keys[0..count)` lead to from the root, if the trie has it. */
export function nodeAt(shapes: Shapes, keys: ReadonlyArray<string>, count: number): ShapeNode | undefined {
  let node: ShapeNode | undefined = shapes.root;
  for (let i = 0; i < count && node !== undefined; i++) node = node.next.get(keys[i]!);
  return node;
}

/**
 * Learns the other shape `keys`, whose first `from` keys lead to `node`, and
 * returns the node it ends at; undefined once the bound is reached.
 */
export function learnShape(shapes: Shapes, node: ShapeNode, keys: ReadonlyArray<string>, from: number): ShapeNode | undefined {
  let at = node as MutableNode;
  for (let i = from; i < keys.length; i++) {
    const key = keys[i]!;
    if (!at.next.has(key)) {
      if (shapes.learnedNodes >= MAX_LEARNED_NODES) return undefined;
      shapes.learnedNodes++;
    }
    at = addChild(at, key);
  }
  if (at.id === 0) at.keys ??= keys;
  return at;
}
