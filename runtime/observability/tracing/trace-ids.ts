/**
 * Random trace and span ids. Random bytes are drawn 2 KiB at a time and
 * turned into one hex string; an id is a slice of it. That costs tens of
 * nanoseconds rather than a call into the system's random source per id
 * (the specification asks for randomness, not secrecy). A slice may keep its
 * 4 KiB parent string alive while it lives: about 16 bytes per id.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 2048;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let offset = POOL_BYTES;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolHex = pool.toString('hex');
    offset = 0;
  }
  const hex = poolHex.slice(offset * 2, (offset + bytes) * 2);
  offset += bytes;
  return hex;
}

/** 32 hex digits, never all zero. */
export function newTraceId(): string {
  let id = randomHex(16);
  while (id === '00000000000000000000000000000000') id = randomHex(16);
  return id;
}

/** 16 hex digits, never all zero. */
export function newSpanId(): string {
  let id = randomHex(8);
  while (id === '0000000000000000') id = randomHex(8);
  return id;
}
