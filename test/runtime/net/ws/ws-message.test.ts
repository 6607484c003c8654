import { describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { splitMessage } from '../../../../runtime/net/ws/ws-message.js';
import { encodeFrames } from '../../../../runtime/transport/frame-batcher.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const thrown = (run: () => unknown): TypewireError => {
  try {
    run();
  } catch (error) {
    return error as TypewireError;
  }
  throw new Error('expected a throw');
};

describe('splitMessage (one WebSocket message = length-prefixed frames end to end)', () => {
  it('gives back the frames a batch was made of, empty frames included', () => {
    const frames = [bytes(3, 1, 2), bytes(), bytes(4)];
    const out = splitMessage(encodeFrames(frames, 4), 100);
    expect(out.map((f) => [...f])).toEqual([[3, 1, 2], [], [4]]);
  });

  it('refuses a message that does not hold whole frames, naming where, without returning the good part', () => {
    const good = encodeFrames([bytes(3, 1)], 2);
    const truncatedBody = new Uint8Array([...good, 0, 0, 0, 9, 1, 2]);
    expect(thrown(() => splitMessage(truncatedBody, 100))).toMatchObject({ code: 'TRANSPORT_PROTOCOL', details: { reason: 'malformed-message', offset: 6 } });
    expect(thrown(() => splitMessage(new Uint8Array([...good, 0, 0]), 100))).toMatchObject({ code: 'TRANSPORT_PROTOCOL', details: { offset: 6 } });
    expect(thrown(() => splitMessage(new Uint8Array(0), 100))).toMatchObject({ code: 'TRANSPORT_PROTOCOL' });
  });

  it('refuses a frame over the limit with SERIALIZATION_TOO_LARGE, 0xFFFFFFFF included', () => {
    expect(thrown(() => splitMessage(encodeFrames([new Uint8Array(11)], 11), 10))).toMatchObject({
      code: 'SERIALIZATION_TOO_LARGE',
      details: { size: 11, maxBytes: 10 },
    });
    expect(thrown(() => splitMessage(bytes(0xff, 0xff, 0xff, 0xff, 1), 10))).toMatchObject({ details: { size: 0xffffffff } });
  });
});
