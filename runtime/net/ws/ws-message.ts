/**
 * One WebSocket message carries one batch: the same length-prefixed frames a
 * TCP write carries (frame-batcher.ts), laid end to end. Unlike a TCP stream,
 * a message is self-delimiting, so it must hold whole frames only, and a
 * malformed message can be refused on its own while the connection stays
 * usable: the next message starts clean.
 *
 * No Node built-ins here: the browser client uses this file too.
 */
import { plainView } from '../../codec/bytes.js';
import { TypewireError } from '../../errors/typewire-error.js';
import { LENGTH_PREFIX_BYTES } from '../../transport/frame-decoder.js';

/**
 * Splits a message into its frames (views into `message`, no copies). The
 * whole message is checked before any frame is returned, so a message is
 * taken entirely or not at all. Throws TRANSPORT_PROTOCOL (details
 * `{ reason: 'malformed-message', offset }`) when the lengths do not add up,
 * and SERIALIZATION_TOO_LARGE when a frame is over `maxFrameBytes`.
 */
export function splitMessage(received: Uint8Array, maxFrameBytes: number): Uint8Array[] {
  // Plain views: a Node Buffer's subarray costs several times the built-in one.
  const message = plainView(received);
  const frames: Uint8Array[] = [];
  const end = message.byteLength;
  let at = 0;
  if (end === 0) throw malformed('an empty message', 0);
  while (at < end) {
    if (end - at < LENGTH_PREFIX_BYTES) throw malformed('a truncated length prefix', at);
    // Multiply the top byte instead of shifting it: `<< 24` would go negative above 2 GiB.
    const length = message[at]! * 0x1000000 + ((message[at + 1]! << 16) | (message[at + 2]! << 8) | message[at + 3]!);
    if (length > maxFrameBytes) {
      throw new TypewireError('SERIALIZATION_TOO_LARGE', `frame of ${length} bytes exceeds the limit of ${maxFrameBytes} bytes`, {
        details: { size: length, maxBytes: maxFrameBytes },
      });
    }
    const start = at + LENGTH_PREFIX_BYTES;
    if (end - start < length) throw malformed(`a frame of ${length} bytes with only ${end - start} left`, at);
    frames.push(message.subarray(start, start + length));
    at = start + length;
  }
  return frames;
}

function malformed(what: string, offset: number): TypewireError {
  return new TypewireError('TRANSPORT_PROTOCOL', `malformed WebSocket message: ${what} at byte ${offset}; a message must hold whole length-prefixed frames`, {
    details: { reason: 'malformed-message', offset },
  });
}
