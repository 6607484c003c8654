import type { DecodeLimits } from './limits.js';

/** A codec turns one message type into bytes and back. Implementations are schema-aware. */
export interface Codec<T> {
  /** `msgpack` or `json`; frames carry the matching codec id. */
  readonly name: CodecName;
  encode(value: T): Uint8Array;
  /**
   * Throws TypewireError SERIALIZATION_DECODE_FAILED on bad bytes, and
   * SERIALIZATION_TOO_LARGE above `limits.maxBytes` (default: the process-wide
   * limit, 16 MiB); never returns a partial value.
   */
  decode(bytes: Uint8Array, limits?: DecodeLimits): T;
}

export type CodecName = 'msgpack' | 'json';

/** The id written into a frame header so a receiver knows how to decode. */
export const CODEC_IDS: Readonly<Record<CodecName, number>> = { msgpack: 1, json: 2 };
