/**
 * Size defaults shared by the WebSocket server and clients (Node and browser).
 *
 * A message is a batch of frames, so its size bound (maxPayload) and the
 * frame bound are separate: the receiver refuses a message over maxPayload
 * (close 1009, before reading it) and a frame inside over maxFrameBytes
 * (a non-fatal ERROR). Senders split batches at maxMessageBytes, which is kept
 * at or below every receiver's default maxPayload, so that many small frames
 * queued in one turn never add up to a refused message.
 */
const KiB = 1024;
const MiB = 1024 * KiB;

/** typewire's default WebSocket port (TCP has 7420). */
export const DEFAULT_WS_PORT = 7421;
export const DEFAULT_WS_PATH = '/typewire';
export const DEFAULT_MAX_FRAME_BYTES = 16 * MiB;
/** Batches are split before they pass this; one bigger frame still goes alone. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1 * MiB;

/** At least one whole frame of maxFrameBytes, and at least what senders batch by default. */
export function defaultMaxPayload(maxFrameBytes: number): number {
  return Math.max(maxFrameBytes + 4, DEFAULT_MAX_MESSAGE_BYTES);
}
