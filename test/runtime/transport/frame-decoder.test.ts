import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { encodeFrames, FrameBatcher } from '../../../runtime/transport/frame-batcher.js';
import { FrameDecoder } from '../../../runtime/transport/frame-decoder.js';
import { randomBytes, seededRandom, splitAt } from './random.js';

function collect(maxFrameBytes = 1024): { decoder: FrameDecoder; frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  // Copy: a frame may be a view of the chunk, which the tests reuse.
  const decoder = new FrameDecoder((frame) => frames.push(frame.slice()), { maxFrameBytes });
  return { decoder, frames };
}

function encode(frames: Uint8Array[]): Uint8Array {
  return encodeFrames(frames, frames.reduce((n, f) => n + f.length, 0));
}

function thrown(fn: () => void): TypewireError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypewireError);
    return error as TypewireError;
  }
  throw new Error('expected a TypewireError');
}

const frameArb = fc.uint8Array({ maxLength: 300 });

describe('FrameDecoder', () => {
  it('gives the same frames whatever the split points (seeded)', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 12 }), fc.array(fc.nat({ max: 4000 }), { maxLength: 20 }), (sent, cuts) => {
        const { decoder, frames } = collect();
        for (const chunk of splitAt(encode(sent), cuts)) decoder.push(chunk);
        expect(frames).toEqual(sent);
        expect(decoder.pendingBytes).toBe(0);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('gives the same frames delivered byte by byte', () => {
    const sent = [new Uint8Array([1, 2, 3]), new Uint8Array(0), randomBytes(seededRandom(1), 700), new Uint8Array([9])];
    const { decoder, frames } = collect();
    const stream = encode(sent);
    for (let i = 0; i < stream.length; i++) decoder.push(stream.subarray(i, i + 1));
    expect(frames).toEqual(sent);
  });

  it('reads many frames from one chunk', () => {
    const sent = Array.from({ length: 500 }, (_, i) => new Uint8Array([i & 0xff, i >> 8]));
    const { decoder, frames } = collect();
    decoder.push(encode(sent));
    expect(frames).toEqual(sent);
  });

  it('refuses a 0xFFFFFFFF length right after the 4-byte prefix', () => {
    const { decoder, frames } = collect();
    const error = thrown(() => decoder.push(new Uint8Array([0xff, 0xff, 0xff, 0xff])));
    expect(error.code).toBe('SERIALIZATION_TOO_LARGE');
    expect(error.details).toEqual({ size: 0xffffffff, maxBytes: 1024 });
    expect(decoder.failed).toBe(true);
    expect(decoder.pendingBytes).toBe(0);
    decoder.push(new Uint8Array([0, 0, 0, 1, 7]));
    expect(frames).toEqual([]);
  });

  it('refuses an over-limit length split across chunks, and accepts one at the limit', () => {
    const { decoder } = collect(10);
    decoder.push(new Uint8Array([0, 0]));
    expect(thrown(() => decoder.push(new Uint8Array([0, 11]))).details).toEqual({ size: 11, maxBytes: 10 });
    const ok = collect(10);
    ok.decoder.push(encode([new Uint8Array(10)]));
    expect(ok.frames).toEqual([new Uint8Array(10)]);
  });

  it('holds a truncated frame without emitting or failing (silence is the idle timeout’s job)', () => {
    const { decoder, frames } = collect();
    decoder.push(encode([new Uint8Array([1, 2, 3, 4, 5])]).subarray(0, 7));
    expect(frames).toEqual([]);
    expect(decoder.failed).toBe(false);
    expect(decoder.pendingBytes).toBe(7);
  });

  it('copies a partial body, so the caller may reuse its chunk', () => {
    const { decoder, frames } = collect();
    const chunk = encode([new Uint8Array([1, 2, 3, 4])]);
    const first = chunk.slice(0, 6);
    decoder.push(first);
    first.fill(0);
    decoder.push(chunk.subarray(6));
    expect(frames).toEqual([new Uint8Array([1, 2, 3, 4])]);
  });

  it('fails and rethrows when the frame handler throws, and stops on stop()', () => {
    const decoder = new FrameDecoder(() => {
      throw new Error('boom');
    }, { maxFrameBytes: 10 });
    expect(() => decoder.push(encode([new Uint8Array([1])]))).toThrow('boom');
    expect(decoder.failed).toBe(true);
    const seen: number[] = [];
    const stopping = new FrameDecoder((f) => {
      seen.push(f[0]!);
      stopping.stop();
    }, { maxFrameBytes: 10 });
    stopping.push(encode([new Uint8Array([1]), new Uint8Array([2])]));
    expect(seen).toEqual([1]);
  });

  it('survives 100,000 random inputs: only coded refusals, never more bytes out than in', () => {
    const random = seededRandom(20240601);
    let refused = 0;
    let emitted = 0;
    for (let run = 0; run < 100_000; run++) {
      let out = 0;
      const decoder = new FrameDecoder((frame) => {
        out += frame.byteLength + 4;
        emitted++;
      }, { maxFrameBytes: 64 });
      const input = randomBytes(random, (random() * 48) | 0);
      // Bias toward small lengths so that some random streams actually frame.
      if (input.length > 4 && random() < 0.5) input[0] = input[1] = input[2] = 0;
      try {
        for (const chunk of splitAt(input, [(random() * input.length) | 0])) decoder.push(chunk);
      } catch (error) {
        if (!(error instanceof TypewireError) || error.code !== 'SERIALIZATION_TOO_LARGE') throw error;
        refused++;
      }
      // A plain check: expect() in a 100,000-step loop costs more than the decoding.
      if (out + decoder.pendingBytes > input.length) throw new Error(`run ${run}: ${out + decoder.pendingBytes} bytes out of ${input.length} in`);
    }
    expect(refused).toBeGreaterThan(1000);
    expect(emitted).toBeGreaterThan(1000);
  });
});

describe('FrameBatcher', () => {
  it('writes everything added in one turn as one chunk of length-prefixed frames', async () => {
    const writes: Uint8Array[] = [];
    const batcher = new FrameBatcher((chunk) => writes.push(chunk));
    batcher.add(new Uint8Array([1]));
    batcher.add(new Uint8Array([2, 3]));
    expect(batcher.pendingBytes).toBe(11);
    await new Promise((resolve) => setImmediate(resolve));
    batcher.add(new Uint8Array([4]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([new Uint8Array([0, 0, 0, 1, 1, 0, 0, 0, 2, 2, 3]), new Uint8Array([0, 0, 0, 1, 4])]);
    const { decoder, frames } = collect();
    decoder.push(writes[0]!);
    expect(frames).toEqual([new Uint8Array([1]), new Uint8Array([2, 3])]);
  });
});
