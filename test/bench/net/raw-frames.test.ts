import { describe, expect, it } from 'vitest';
import { RawFrameReader, RawFrameWriter } from '../../../bench/net/raw-frames.js';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frames(count: number, random: () => number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(Math.floor(random() * 300), i % 251));
}

function written(list: ReadonlyArray<Uint8Array>): { chunks: Buffer[]; stream: Buffer } {
  const chunks: Buffer[] = [];
  const writer = new RawFrameWriter((chunk) => chunks.push(chunk));
  for (const frame of list) writer.add(frame);
  writer.flush();
  return { chunks, stream: Buffer.concat(chunks) };
}

describe('RawFrameWriter', () => {
  it('writes everything queued as one chunk of u32 BE length + body frames, and nothing when empty', () => {
    const { chunks, stream } = written([Buffer.from('ab'), Buffer.alloc(0), Buffer.from('xyz')]);
    expect(chunks).toHaveLength(1);
    expect([...stream]).toEqual([0, 0, 0, 2, 97, 98, 0, 0, 0, 0, 0, 0, 0, 3, 120, 121, 122]);
    const none: Buffer[] = [];
    new RawFrameWriter((chunk) => none.push(chunk)).flush();
    expect(none).toEqual([]);
  });
});

describe('RawFrameReader', () => {
  it('gives back the same frames however the stream is cut', () => {
    const random = seeded(7);
    const sent = frames(200, random);
    const { stream } = written(sent);
    for (const cut of ['whole', 'bytes', 'random'] as const) {
      const received: Buffer[] = [];
      const reader = new RawFrameReader((frame) => received.push(Buffer.from(frame)));
      if (cut === 'whole') reader.push(stream);
      else {
        let at = 0;
        while (at < stream.length) {
          const size = cut === 'bytes' ? 1 : 1 + Math.floor(random() * 700);
          reader.push(stream.subarray(at, at + size));
          at += size;
        }
      }
      expect(received).toEqual(sent);
    }
  });

  it('holds a partial frame until the rest arrives', () => {
    const received: Buffer[] = [];
    const reader = new RawFrameReader((frame) => received.push(Buffer.from(frame)));
    const { stream } = written([Buffer.from('hello')]);
    reader.push(stream.subarray(0, 6));
    expect(received).toEqual([]);
    reader.push(stream.subarray(6));
    expect(received).toEqual([Buffer.from('hello')]);
  });
});
