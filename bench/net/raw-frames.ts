/**
 * Length-prefixed framing as someone would write it by hand for the raw TCP
 * baseline: a u32 big-endian length, then the body. The writer lays the
 * frames of one burst end to end and writes them at once (what typewire's
 * FrameBatcher does too, so the baseline does not lose on syscalls and the
 * comparison measures typewire's own work); the reader splits a stream back
 * into frames wherever the chunks were cut. Deliberately separate from
 * runtime/transport: a baseline must not borrow the contender's code.
 */

const PREFIX = 4;

export class RawFrameWriter {
  private frames: Uint8Array[] = [];
  private bytes = 0;

  constructor(private readonly write: (chunk: Buffer) => void) {}

  /** Queues a frame; nothing is written until flush(). */
  add(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += PREFIX + frame.byteLength;
  }

  /** Writes what is queued as one chunk. */
  flush(): void {
    if (this.frames.length === 0) return;
    const out = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    for (const frame of this.frames) {
      out.writeUInt32BE(frame.byteLength, at);
      out.set(frame, at + PREFIX);
      at += PREFIX + frame.byteLength;
    }
    this.frames = [];
    this.bytes = 0;
    this.write(out);
  }
}

export class RawFrameReader {
  /** The bytes of an incomplete frame, kept until the rest arrives. */
  private rest: Buffer | undefined;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  push(chunk: Buffer): void {
    const data = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = undefined;
    let at = 0;
    while (data.byteLength - at >= PREFIX) {
      const length = data.readUInt32BE(at);
      if (data.byteLength - at - PREFIX < length) break;
      this.onFrame(data.subarray(at + PREFIX, at + PREFIX + length));
      at += PREFIX + length;
    }
    if (at < data.byteLength) this.rest = data.subarray(at);
  }
}
