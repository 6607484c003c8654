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

/**
 * Uninitialized bytes on Node (the caller must write every one). A fresh
 * `new Uint8Array(n)` gets a zero-filled backing store of its own, about
 * half a microsecond for a small frame on Node 20; Buffer.allocUnsafe carves
 * small buffers out of a shared pool instead.
 */
export function allocBytes(length: number): Uint8Array {
  return NodeBuffer === undefined ? new Uint8Array(length) : plainView(NodeBuffer.allocUnsafe(length));
}
