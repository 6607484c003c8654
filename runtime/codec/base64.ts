/**
 * Standard base64 (RFC 4648 §4, with padding) for byte fields in JSON.
 * Node's Buffer is used when present because it is several times faster;
 * the atob/btoa path keeps the JSON codec working in browsers.
 */

// Strict: only the standard alphabet, whole quads, correct padding. Buffer and
// atob both skip characters they do not understand, which would let
// corrupt input decode to different bytes instead of failing.
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface NodeBufferLike {
  from(data: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string };
  from(data: string, encoding: 'base64'): Uint8Array;
}

const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

export function isBase64(text: string): boolean {
  return STRICT_BASE64.test(text);
}

export function bytesToBase64Portable(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // keeps String.fromCharCode's argument list well under engine limits
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Assumes `isBase64(text)`. */
export function base64ToBytesPortable(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer === undefined) return bytesToBase64Portable(bytes);
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes strict base64 into a fresh Uint8Array that owns its memory (a Node
 * Buffer from a short string is a view into a shared pool). Returns undefined
 * when `text` is not strict base64.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!isBase64(text)) return undefined;
  if (NodeBuffer === undefined) return base64ToBytesPortable(text);
  return new Uint8Array(NodeBuffer.from(text, 'base64'));
}
