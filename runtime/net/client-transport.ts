/**
 * The transport a client's Link sees: it outlives the connections under it.
 * While connected, frames go straight to the current connection; while not,
 * PUB frames (publishes, requests, replies) are buffered up to a bound (then
 * send() refuses with TRANSPORT_BUFFER_FULL) and every other frame is
 * dropped, because after each reconnect the Link re-sends its interest and
 * its pending PINGs itself (Link.resync).
 */
import { TypewireError } from '../errors/typewire-error.js';
import { FRAME_PUB } from '../transport/frame-kinds.js';
import type { Transport } from '../transport/transport.js';
import type { Connection } from './connection.js';

export class ReconnectingTransport implements Transport {
  private current: Connection | undefined;
  private buffer: Uint8Array[] = [];
  private receiver: (frame: Uint8Array) => void = () => undefined;
  private closeHandler: ((reason: TypewireError | undefined) => void) | undefined;
  private isClosed = false;

  /** `onClosed` hears about a final close whoever asked for it (the client, or the runtime closing its links). */
  constructor(
    private readonly maxBufferedMessages: number,
    private readonly onClosed: (reason: TypewireError | undefined) => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  get backlogFull(): boolean {
    return this.current === undefined && this.buffer.length >= this.maxBufferedMessages;
  }

  /** Frames waiting for the next connection. */
  get buffered(): number {
    return this.buffer.length;
  }

  send(frame: Uint8Array): void {
    if (this.isClosed) throw new TypewireError('TRANSPORT_CLOSED', 'the client is closed');
    if (this.current) return this.current.send(frame);
    const kind = frame[0];
    if (kind !== FRAME_PUB) return;
    if (this.buffer.length >= this.maxBufferedMessages) {
      throw new TypewireError('TRANSPORT_BUFFER_FULL', `disconnected, and ${this.buffer.length} messages are already waiting to be sent`, {
        details: { maxBufferedMessages: this.maxBufferedMessages },
      });
    }
    this.buffer.push(frame);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.receiver = handler;
  }

  onClose(handler: (reason: TypewireError | undefined) => void): void {
    this.closeHandler = handler;
  }

  /** Hands a frame from the current connection to the Link. */
  receive(frame: Uint8Array): void {
    this.receiver(frame);
  }

  /** Routes sends to `connection` from now on (call Link.resync next, then sendBuffered). */
  attach(connection: Connection): void {
    this.current = connection;
  }

  /**
   * Sends what was buffered while disconnected, in order. If the connection
   * refuses part of it (its own outbound bound), the rest is dropped and the
   * error returned for the caller to report.
   */
  sendBuffered(): TypewireError | undefined {
    const frames = this.buffer;
    this.buffer = [];
    for (let i = 0; i < frames.length; i++) {
      if (!this.current) {
        // Lost again while flushing: keep the rest for next time.
        this.buffer = frames.slice(i).concat(this.buffer);
        return undefined;
      }
      try {
        this.current.send(frames[i]!);
      } catch (error) {
        return TypewireError.from(error);
      }
    }
    return undefined;
  }

  detach(): void {
    this.current = undefined;
  }

  /** Closes for good: the Link tears down. */
  close(reason?: TypewireError): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.onClosed(reason);
    const current = this.current;
    this.current = undefined;
    this.buffer = [];
    current?.close();
    this.closeHandler?.(reason);
  }
}
