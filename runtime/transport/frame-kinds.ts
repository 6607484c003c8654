/**
 * The first byte of every link frame says what the rest is (docs/protocol.md).
 * Requests, replies and error replies are all PUB frames: the envelope inside
 * says which (`replyTo`, `correlationId`, header `typewire-status: error`).
 */

import { allocBytes } from '../codec/bytes.js';

/** Body: msgpack `[id, pattern, queue | null]`. The sender wants envelopes matching `pattern`. */
export const FRAME_SUB = 1;
/** Body: msgpack `[id]`. Withdraws the SUB with that id. */
export const FRAME_UNSUB = 2;
/** Body: one envelope frame (runtime/codec/envelope-frame.ts). */
export const FRAME_PUB = 3;
/** Empty body. Sent after the initial SUB frames: the peer now knows everything we listen to. */
export const FRAME_READY = 4;
/** Body: msgpack id. The peer answers PONG with the same id after handling every earlier frame; id 0 is a heartbeat. */
export const FRAME_PING = 5;
export const FRAME_PONG = 6;
/** Body: msgpack map. The first frame each way on a network connection (runtime/net/hello.ts). */
export const FRAME_HELLO = 7;
/** Body: msgpack `{code, message, details?, retryable, fatal}`. A frame was rejected, or (fatal) why the sender is closing. */
export const FRAME_ERROR = 8;

export const FRAME_KIND_NAMES: Readonly<Record<number, string>> = {
  [FRAME_SUB]: 'SUB',
  [FRAME_UNSUB]: 'UNSUB',
  [FRAME_PUB]: 'PUB',
  [FRAME_READY]: 'READY',
  [FRAME_PING]: 'PING',
  [FRAME_PONG]: 'PONG',
  [FRAME_HELLO]: 'HELLO',
  [FRAME_ERROR]: 'ERROR',
};

/** One kind byte, then the body. */
export function linkFrame(kind: number, body: Uint8Array): Uint8Array {
  const frame = allocBytes(body.length + 1); // every byte is written: no zero fill
  frame[0] = kind;
  frame.set(body, 1);
  return frame;
}
