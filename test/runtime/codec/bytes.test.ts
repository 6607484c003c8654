import { describe, expect, it } from 'vitest';
import { allocBytes, plainView } from '../../../runtime/codec/bytes.js';

describe('allocBytes', () => {
  it('gives plain, 8-byte aligned views that never overlap, across slab boundaries', () => {
    const views = Array.from({ length: 300 }, (_, i) => allocBytes(1 + ((i * 37) % 200)));
    views.forEach((view, i) => view.fill(i % 256));
    views.forEach((view, i) => {
      expect(view.constructor).toBe(Uint8Array);
      expect(view.byteOffset % 8).toBe(0);
      expect(view.every((byte) => byte === i % 256)).toBe(true);
    });
    expect(new Set(views.map((v) => v.buffer)).size).toBeGreaterThan(1);
  });

  it('gives a large allocation memory of its own', () => {
    const large = allocBytes(10_000);
    expect(large.byteLength).toBe(10_000);
    expect(large.constructor).toBe(Uint8Array);
    const small = allocBytes(16);
    expect(small.buffer).not.toBe(large.buffer);
  });

  it('handles zero bytes', () => {
    expect(allocBytes(0).byteLength).toBe(0);
  });
});

describe('plainView', () => {
  it('views a Buffer as a plain Uint8Array over the same memory', () => {
    const buffer = Buffer.from([1, 2, 3]);
    const view = plainView(buffer);
    expect(view.constructor).toBe(Uint8Array);
    buffer[0] = 9;
    expect(view[0]).toBe(9);
  });
});
