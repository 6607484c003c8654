/**
 * Record builders: generated functions that build the object of one shared
 * record shape with an object literal, e.g.
 *
 *   (field) => ({ street: field(0), city: field(1), country: field(2) })
 *
 * The decoder calls `field(i)` to read the value of the i-th key. A literal
 * gets its final hidden class at once, where building the same object key by
 * key costs a transition and a megamorphic store per key; this is the one
 * part of decoding that the runtime cannot specialise without generating code
 * (and `new Function` is off limits: browsers with a CSP forbid it).
 *
 * Builders are optional and only an accelerator: `checkRecordBuilders` tries
 * each against its key list once, at definition time, and a builder that
 * would build anything else than the key-by-key decoder is ignored.
 */

/** Reads the value of the key at `index` in the record being decoded. */
export type ReadField = (index: number) => unknown;

/** Builds one record shape's object from its fields, in key order. */
export type RecordBuilder = (field: ReadField) => object;

/** What the generator may pass to `defineMessage` beside the spec. */
export interface CompiledShapes {
  /** One builder per entry of the spec's `structures`, in the same order. */
  readonly records?: ReadonlyArray<RecordBuilder | undefined>;
}

/** The key a record's `__proto__` key decodes to (msgpackr's guard, kept by every decoder). */
export function safeKey(key: string): string {
  return key === '__proto__' ? '__proto_' : key;
}

/** The object the key-by-key decoder builds for `keys` with value i at key i. */
function reference(keys: ReadonlyArray<string>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  keys.forEach((key, index) => {
    object[safeKey(key)] = index;
  });
  return object;
}

/** Whether `build` reads fields 0..n-1 in order and builds the same object as the key-by-key decoder. */
export function buildsShape(build: RecordBuilder, keys: ReadonlyArray<string>): boolean {
  const reads: number[] = [];
  let built: unknown;
  try {
    built = build((index) => {
      reads.push(index);
      return index;
    });
  } catch {
    return false;
  }
  if (typeof built !== 'object' || built === null || Object.getPrototypeOf(built) !== Object.prototype) return false;
  if (reads.length !== keys.length || reads.some((index, i) => index !== i)) return false;
  const expected = Object.entries(reference(keys));
  const actual = Object.entries(built);
  const descriptors = Object.getOwnPropertyDescriptors(built);
  return (
    Reflect.ownKeys(built).length === actual.length &&
    actual.length === expected.length &&
    actual.every(([key, value], i) => key === expected[i]![0] && value === expected[i]![1] && descriptors[key]?.writable === true)
  );
}

/**
 * The builder for each key list (by its JSON form), from the ones given for
 * `structures` that pass `buildsShape`.
 */
export function checkRecordBuilders(
  structures: ReadonlyArray<ReadonlyArray<string>>,
  compiled: CompiledShapes | undefined,
): ReadonlyMap<string, RecordBuilder> {
  const builders = new Map<string, RecordBuilder>();
  const given = compiled?.records;
  if (given === undefined) return builders;
  structures.forEach((keys, index) => {
    const build = given[index];
    if (build !== undefined && buildsShape(build, keys)) builders.set(JSON.stringify(keys), build);
  });
  return builders;
}
