/**
 * Splits a byte stream into frames. On the wire a frame is
 *
 *   bytes 0..3  body length, unsigned 32-bit big-endian
 *   body        that many bytes
 *
 * A small state machine (as ws's receiver or moleculer's TCP parser): it reads
 * the 4-byte length, checks it against the limit before anything is allocated
 * (so a peer that announces 4 GiB costs nothing), then collects the body.
 * Chunks may split a frame at any byte and may hold many frames. A frame that
 * lies inside one chunk is handed out as a view of that chunk, without a copy;
 * a body spread over several chunks is kept as the pieces that actually
 * arrived and joined once complete, so a peer that announces a large frame and
 * then trickles bytes holds only what it sent. A truncated frame followed by
 * silence simply stays pending: the connection's idle timeout ends it.
 */
import { plainView } from '../codec/bytes.js';
import { TypewireError } from '../errors/typewire-error.js';

export const LENGTH_PREFIX_BYTES = 4;

export interface FrameDecoderOptions {
  /** Largest body accepted; a larger announced length is refused right after the prefix. */
  readonly maxFrameBytes: number;
}

const READ_LENGTH = 0;
const READ_BODY = 1;
const FAILED = 2;

export class FrameDecoder {
  private state = READ_LENGTH;
  /** The length prefix while it is split across chunks. */
  private readonly prefix = new Uint8Array(LENGTH_PREFIX_BYTES);
  private prefixFill = 0;
  private bodyLength = 0;
  private pieces: Uint8Array[] = [];
  private bodyFill = 0;
  private readonly maxFrameBytes: number;

  /** `onFrame` must not throw; if it does, the decoder fails and rethrows (the stream can no longer be trusted). */
  constructor(
    private readonly onFrame: (frame: Uint8Array) => void,
    options: FrameDecoderOptions,
  ) {
    if (!Number.isSafeInteger(options.maxFrameBytes) || options.maxFrameBytes < 0) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `maxFrameBytes must be a non-negative integer, got ${String(options.maxFrameBytes)}`);
    }
    this.maxFrameBytes = options.maxFrameBytes;
  }

  /** True after a refused length or a stop(); later input is ignored. */
  get failed(): boolean {
    return this.state === FAILED;
  }

  /** Bytes held for a frame that is not complete yet (prefix included). */
  get pendingBytes(): number {
    return this.state === READ_BODY ? LENGTH_PREFIX_BYTES + this.bodyFill : this.prefixFill;
  }

  /** Stops decoding, even in the middle of a chunk (the connection is closing). */
  stop(): void {
    this.state = FAILED;
    this.pieces = [];
  }

  /**
   * Feeds one chunk. Calls `onFrame` for every frame it completes, in order.
   * Throws SERIALIZATION_TOO_LARGE when a length prefix exceeds the limit;
   * the decoder is then failed, since the rest of the stream cannot be framed.
   */
  push(chunk: Uint8Array): void {
    // Frames are handed out as plain Uint8Array views: a socket's chunk is a
    // Buffer, whose subarray (JS, then a FastBuffer) costs several times the
    // built-in one, and everything downstream wants a plain view anyway.
    const bytes = plainView(chunk);
    let offset = 0;
    const end = chunk.byteLength;
    while (offset < end && this.state !== FAILED) {
      if (this.state === READ_LENGTH) {
        if (this.prefixFill === 0 && end - offset >= LENGTH_PREFIX_BYTES) {
          this.bodyLength = readLength(bytes, offset);
          offset += LENGTH_PREFIX_BYTES;
        } else {
          const take = Math.min(LENGTH_PREFIX_BYTES - this.prefixFill, end - offset);
          this.prefix.set(bytes.subarray(offset, offset + take), this.prefixFill);
          this.prefixFill += take;
          offset += take;
          if (this.prefixFill < LENGTH_PREFIX_BYTES) return;
          this.prefixFill = 0;
          this.bodyLength = readLength(this.prefix, 0);
        }
        this.checkLength();
        this.state = READ_BODY;
        this.bodyFill = 0;
        // The common case: the whole body is in this chunk. Hand out a view.
        if (end - offset >= this.bodyLength) {
          const frame = bytes.subarray(offset, offset + this.bodyLength);
          offset += this.bodyLength;
          this.state = READ_LENGTH;
          this.emit(frame);
        }
        continue;
      }
      const take = Math.min(this.bodyLength - this.bodyFill, end - offset);
      // Copy: the caller may reuse the chunk after push() returns. Sliced from
      // `chunk`, not the plain view: a socket's Buffer (which Node never
      // reuses) slices to a view, any other array to a copy.
      this.pieces.push(chunk.slice(offset, offset + take));
      this.bodyFill += take;
      offset += take;
      if (this.bodyFill === this.bodyLength) {
        const frame = join(this.pieces, this.bodyLength);
        this.pieces = [];
        this.state = READ_LENGTH;
        this.emit(frame);
      }
    }
  }

  private checkLength(): void {
    if (this.bodyLength <= this.maxFrameBytes) return;
    const size = this.bodyLength;
    this.stop();
    throw new TypewireError('SERIALIZATION_TOO_LARGE', `frame of ${size} bytes exceeds the limit of ${this.maxFrameBytes} bytes`, {
      details: { size, maxBytes: this.maxFrameBytes },
    });
  }

  private emit(frame: Uint8Array): void {
    try {
      this.onFrame(frame);
    } catch (error) {
      this.stop();
      throw error;
    }
  }
}

function readLength(bytes: Uint8Array, at: number): number {
  // Multiply the top byte instead of shifting it: `<< 24` would go negative above 2 GiB.
  return bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}

function join(pieces: Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const frame = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    frame.set(piece, at);
    at += piece.byteLength;
  }
  return frame;
}
