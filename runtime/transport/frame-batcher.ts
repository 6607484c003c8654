/**
 * Coalesces the frames a connection sends in one event-loop turn into one
 * write: each frame gets its 4-byte length prefix and they are laid end to end
 * in a single buffer (FrameDecoder reads them back). One write per turn instead
 * of one per frame is what makes many small messages cheap on a socket; a
 * WebSocket transport can send the same buffer as one message.
 */
import { allocBytes } from '../codec/bytes.js';
import { LENGTH_PREFIX_BYTES } from './frame-decoder.js';

export type Schedule = (run: () => void) => void;

/**
 * Runs after the current turn's I/O callbacks (Node's setImmediate), so that
 * everything one incoming chunk triggers, async handlers included, leaves
 * together. Elsewhere a microtask.
 */
export const endOfTurn: Schedule =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (run) => void setImmediate(run)
    : (run) => queueMicrotask(run);

/**
 * Prefixes each frame with its length and concatenates them. allocBytes, not
 * a zero-filled `new Uint8Array`: every byte is written here, and a fresh
 * backing store per write cost more than the rest of this function.
 */
export function encodeFrames(frames: ReadonlyArray<Uint8Array>, bodyBytes: number): Uint8Array {
  const out = allocBytes(bodyBytes + frames.length * LENGTH_PREFIX_BYTES);
  let at = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const length = frame.byteLength;
    out[at] = length >>> 24;
    out[at + 1] = (length >>> 16) & 0xff;
    out[at + 2] = (length >>> 8) & 0xff;
    out[at + 3] = length & 0xff;
    out.set(frame, at + LENGTH_PREFIX_BYTES);
    at += LENGTH_PREFIX_BYTES + length;
  }
  return out;
}

export class FrameBatcher {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    private readonly schedule: Schedule = endOfTurn,
  ) {}

  /** Bytes queued for the next write, prefixes included. */
  get pendingBytes(): number {
    return this.bytes + this.frames.length * LENGTH_PREFIX_BYTES;
  }

  add(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += frame.byteLength;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.flush);
    }
  }

  /** Writes what is queued now (also called by the scheduler). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.frames.length === 0) return;
    const frames = this.frames;
    const bytes = this.bytes;
    this.frames = [];
    this.bytes = 0;
    this.write(encodeFrames(frames, bytes));
  };

  /** Drops what is queued (the connection is gone). */
  clear(): void {
    this.frames = [];
    this.bytes = 0;
  }
}
