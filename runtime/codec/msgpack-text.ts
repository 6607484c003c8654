/**
 * UTF-8 text out of msgpack input, for record-decoder.ts. Message strings
 * are mostly short ASCII (ids, codes, names), so that case avoids a native
 * call: String.fromCharCode with a fixed argument count is several times
 * faster than TextDecoder for a dozen bytes (Node 20).
 *
 * Strict: invalid UTF-8 gives undefined (the decoder then leaves the message
 * to msgpackr, which replaces bad sequences). A leading U+FEFF is kept.
 */
const fcc = String.fromCharCode;
/** The longest string `shortAscii` reads. */
export const SHORT_ASCII = 16;

const NodeBuffer = (globalThis as { Buffer?: { prototype: { latin1Slice?: (start: number, end: number) => string } } }).Buffer;
const latin1Slice = NodeBuffer?.prototype.latin1Slice;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isAscii(b: Uint8Array, start: number, end: number): boolean {
  let bits = 0;
  for (let i = start; i < end; i++) bits |= b[i]!;
  return bits < 0x80;
}

/** `length` (at most SHORT_ASCII) ASCII bytes as text, or undefined when a byte is not ASCII. The caller checks the bounds. */
export function shortAscii(b: Uint8Array, p: number, length: number): string | undefined {
  if (!isAscii(b, p, p + length)) return undefined;
  switch (length) {
    case 1:
      return fcc(b[p]!);
    case 2:
      return fcc(b[p]!, b[p + 1]!);
    case 3:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!);
    case 4:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
    case 5:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!);
    case 6:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!);
    case 7:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!);
    case 8:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    case 9:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!);
    case 10:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!);
    case 11:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!);
    case 12:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!);
    case 13:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!);
    case 14:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!);
    case 15:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!);
    case 16:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!, b[p + 15]!);
    default:
      return '';
  }
}

/** The text of `bytes[start, start + length)`, or undefined when it is not valid UTF-8. The caller checks the bounds. */
export function readUtf8(bytes: Uint8Array, start: number, length: number): string | undefined {
  const end = start + length;
  if (length <= SHORT_ASCII) {
    const text = shortAscii(bytes, start, length);
    if (text !== undefined) return text;
  } else if (latin1Slice !== undefined && isAscii(bytes, start, end)) {
    return latin1Slice.call(bytes, start, end); // ASCII is latin1
  }
  try {
    return strictUtf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}
