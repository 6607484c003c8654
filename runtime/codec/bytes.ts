/**
 * Byte-buffer helpers shared by the codecs.
 *
 * Everything a codec returns is a plain Uint8Array, never a Node Buffer:
 * Buffer#slice returns a view where Uint8Array#slice copies, and a caller
 * who "copies" a frame with slice must get a copy. Outputs may still be
 * views into a larger shared slab (msgpackr's output buffer, Node's Buffer
 * pool): valid for as long as they are held, but pass `byteOffset` and
 * `byteLength` along with `.buffer`.
 */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;

/** A plain Uint8Array over the same memory (no copy). */
export function plainView(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Size of the slabs small allocations are carved from (as Node's Buffer pool: 8 KiB, up to half of it per allocation). */
const SLAB_BYTES = 8 * 1024;
let slab = new ArrayBuffer(0);
let slabAt = 0;

/**
 * Bytes the caller must write in full (their content is unspecified). A
 * fresh `new Uint8Array(n)` gets a zero-filled backing store of its own,
 * about 1.5 µs for a 240-byte frame on Node 20; small lengths are carved out
 * of a shared slab instead, as Node's Buffer.allocUnsafe does, but as plain
 * Uint8Array views (one object, about a third of allocUnsafe's cost). A slab
 * is never reused: it is freed once no view into it is left.
 */
export function allocBytes(length: number): Uint8Array {
  if (length > SLAB_BYTES >>> 1) return NodeBuffer === undefined ? new Uint8Array(length) : plainView(NodeBuffer.allocUnsafe(length));
  if (slabAt + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabAt = 0;
  }
  const bytes = new Uint8Array(slab, slabAt, length);
  slabAt = (slabAt + length + 7) & ~7; // 8-byte aligned, as Node's pool, so a DataView over a frame stays aligned
  return bytes;
}
