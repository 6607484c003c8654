/**
 * The msgpackr options every typewire msgpack codec shares, and the one
 * setting that differs per message type: its shared record structures.
 */
import { Packr, type Options } from 'msgpackr';

/**
 * Decoding options chosen for untrusted input and lossless values:
 * - `mapsAsObjects`: a msgpack map from another implementation becomes a plain object, never a Map;
 * - `structuredClone: false`: refuses msgpackr's reference extensions, which can build cycles;
 * - `copyBuffers`: decoded bytes own their memory instead of pinning (and exposing) the input frame;
 * - `int64AsType: 'bigint'`: 64-bit integers decode as bigint (msgpackr writes every bigint as int64/uint64);
 * - `useFloat32: 0`: doubles are written as doubles, never rounded to float32.
 */
export const BASE_OPTIONS: Options = {
  mapsAsObjects: true,
  structuredClone: false,
  copyBuffers: true,
  int64AsType: 'bigint',
  useFloat32: 0,
};

/** A key list as msgpackr keeps it, with the bookkeeping fields it reads. */
type SharedStructure = string[] & { isShared?: boolean; highByte?: number };

/**
 * The schema's key lists as shared record structures: record id 0x40 + i is
 * entry i. Empty and repeated lists are left out (msgpackr maps equal key
 * lists to one id anyway); every codec of a message type uses this one list.
 */
export function sharedKeyLists(structures: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<ReadonlyArray<string>> {
  const lists: Array<ReadonlyArray<string>> = [];
  const seen = new Set<string>();
  for (const keys of structures) {
    const id = JSON.stringify(keys);
    if (keys.length === 0 || seen.has(id)) continue;
    seen.add(id);
    lists.push(keys);
  }
  return lists;
}

/**
 * A Packr whose record ids 0..n-1 are the given key lists (see
 * `sharedKeyLists`), known to both sides from the schema, so those shapes
 * encode as one id byte plus values.
 *
 * `maxSharedStructures` is pinned to exactly n: msgpackr otherwise appends
 * every new shape it meets to the shared list and writes only its id, which a
 * receiver in another process cannot resolve. With the list full, new shapes
 * are written with an inline record definition instead.
 *
 * `isShared` on each list makes msgpackr restore it after a decode, so a
 * hostile frame that redefines record id 0 cannot change how the next
 * (honest) frame decodes. msgpackr allows at most 8160 shared shapes.
 */
export function createSchemaPackr(structures: ReadonlyArray<ReadonlyArray<string>>): Packr {
  const own: SharedStructure[] = sharedKeyLists(structures).map((keys, index) => {
    const copy: SharedStructure = [...keys]; // msgpackr writes bookkeeping onto these arrays
    copy.isShared = true;
    // Past 32 shapes msgpackr writes two-byte record ids, and its reader needs
    // each structure's high byte, which it only fills in for structures loaded
    // through getStructures (same formula as its _mergeStructures).
    if (index >= 32) copy.highByte = (index - 32) >> 5;
    return copy;
  });
  return new Packr({ ...BASE_OPTIONS, structures: own, maxSharedStructures: own.length });
}

/**
 * For schema-less values: plain msgpack maps that any msgpack implementation
 * can read, sized to fit (msgpackr otherwise writes every map as map16).
 */
export function createPlainPackr(): Packr {
  return new Packr({ ...BASE_OPTIONS, useRecords: false, variableMapSize: true });
}

