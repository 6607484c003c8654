/**
 * Walks the places a schema marks as int64 or bytes (`SpecialPaths`) without
 * touching the rest of a message. The paths are compiled once per message
 * type into a small trie, so a walk costs only the declared fields.
 */
import type { SpecialPaths } from '../descriptors.js';

export type SpecialKind = 'int64' | 'bytes';

export interface PathTrie {
  readonly leaf: SpecialKind | undefined;
  readonly named: ReadonlyMap<string, PathTrie>;
  /**
   * The `*` child: every array item, or every map value whose key is not in
   * `named` (like `additionalProperties`, which skips declared properties).
   */
  readonly any: PathTrie | undefined;
}

/** Where a walk currently is, as property names and array indexes. */
export type WalkPath = Array<string | number>;

/**
 * Returns the replacement for a leaf value (or the value itself to keep it).
 * `path` is only valid during the call; copy it to keep it.
 */
export type LeafMapper = (kind: SpecialKind, value: unknown, path: WalkPath) => unknown;

interface MutableTrie {
  leaf: SpecialKind | undefined;
  named: Map<string, MutableTrie>;
  any: MutableTrie | undefined;
}

const emptyNode = (): MutableTrie => ({ leaf: undefined, named: new Map(), any: undefined });

function freezeTrie(node: MutableTrie): PathTrie {
  // A leaf is converted as a whole, so deeper paths under it are meaningless.
  if (node.leaf !== undefined) return { leaf: node.leaf, named: new Map(), any: undefined };
  return {
    leaf: undefined,
    named: new Map([...node.named].map(([key, child]) => [key, freezeTrie(child)] as const)),
    any: node.any === undefined ? undefined : freezeTrie(node.any),
  };
}

/** Returns undefined when the message has no special paths (the JSON fast path). */
export function compileSpecialPaths(special: SpecialPaths): PathTrie | undefined {
  if (special.int64.length === 0 && special.bytes.length === 0) return undefined;
  const root = emptyNode();
  const add = (path: ReadonlyArray<string>, kind: SpecialKind): void => {
    let node = root;
    for (const segment of path) {
      if (segment === '*') {
        node = node.any ??= emptyNode();
      } else {
        let next = node.named.get(segment);
        if (next === undefined) node.named.set(segment, (next = emptyNode()));
        node = next;
      }
    }
    node.leaf ??= kind;
  };
  for (const path of special.int64) add(path, 'int64');
  for (const path of special.bytes) add(path, 'bytes');
  return freezeTrie(root);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Assigns an own data property even for the key `__proto__` (plain assignment would change the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Returns `value` with each declared leaf replaced by `map`, copying only the
 * objects and arrays on the way to a changed leaf: the caller's value is never
 * mutated, and a message whose leaves need no change is returned as is.
 */
export function mapCopy(value: unknown, trie: PathTrie, map: LeafMapper): unknown {
  return copyAt(value, trie, map, []);
}

function copyAt(value: unknown, node: PathTrie, map: LeafMapper, path: WalkPath): unknown {
  if (node.leaf !== undefined) return map(node.leaf, value, path);
  if (Array.isArray(value)) {
    const any = node.any;
    if (any === undefined) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      path.push(i);
      const next = copyAt(item, any, map, path);
      path.pop();
      if (next !== item) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  if (!isPlainRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of node.named) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    path.push(key);
    const next = copyAt(item, child, map, path);
    path.pop();
    if (next !== item) setOwn((out ??= { ...value }), key, next);
  }
  if (node.any !== undefined) {
    for (const key of Object.keys(value)) {
      if (node.named.has(key)) continue;
      const item = value[key];
      path.push(key);
      const next = copyAt(item, node.any, map, path);
      path.pop();
      if (next !== item) setOwn((out ??= { ...value }), key, next);
    }
  }
  return out ?? value;
}

/**
 * Replaces each declared leaf in place and returns the (possibly replaced)
 * root. For freshly decoded values only, which nobody else holds yet.
 */
export function mapInPlace(value: unknown, trie: PathTrie, map: LeafMapper): unknown {
  return inPlaceAt(value, trie, map, []);
}

function inPlaceAt(value: unknown, node: PathTrie, map: LeafMapper, path: WalkPath): unknown {
  if (node.leaf !== undefined) return map(node.leaf, value, path);
  if (Array.isArray(value)) {
    const any = node.any;
    if (any === undefined) return value;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      path.push(i);
      const next = inPlaceAt(item, any, map, path);
      path.pop();
      if (next !== item) value[i] = next;
    }
    return value;
  }
  if (!isPlainRecord(value)) return value;
  for (const [key, child] of node.named) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    path.push(key);
    const next = inPlaceAt(item, child, map, path);
    path.pop();
    if (next !== item) setOwn(value, key, next);
  }
  if (node.any !== undefined) {
    for (const key of Object.keys(value)) {
      if (node.named.has(key)) continue;
      const item = value[key];
      path.push(key);
      const next = inPlaceAt(item, node.any, map, path);
      path.pop();
      if (next !== item) setOwn(value, key, next);
    }
  }
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.items[2].unitPriceCents`, for error messages. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
