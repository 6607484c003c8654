import { TypewireError } from '../errors/typewire-error.js';
import type { Transport } from './transport.js';

export interface InProcessOptions {
  /** Frames queued for the peer before send() refuses with TRANSPORT_BUFFER_FULL. Default 65536. */
  readonly maxQueuedFrames?: number;
}

/**
 * One end of an in-process link. Frames are delivered on a later microtask,
 * never synchronously, so code behaves as it will over a network: a send
 * never re-enters the receiver, and everything queued in one tick is handed
 * over as one batch.
 */
class InProcessEnd implements Transport {
  peer!: InProcessEnd;
  private receiver: ((frame: Uint8Array) => void) | undefined;
  private closeHandler: ((reason: TypewireError | undefined) => void) | undefined;
  private queue: Uint8Array[] = [];
  private flushScheduled = false;
  closed = false;

  constructor(private readonly maxQueuedFrames: number) {}

  send(frame: Uint8Array): void {
    if (this.closed) throw new TypewireError('TRANSPORT_CLOSED', 'in-process transport is closed');
    if (this.queue.length >= this.maxQueuedFrames) {
      throw new TypewireError('TRANSPORT_BUFFER_FULL', `in-process transport has ${this.queue.length} frames queued`);
    }
    this.queue.push(frame);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    const receiver = this.peer.receiver;
    if (this.peer.closed || receiver === undefined) return;
    for (const frame of batch) receiver(frame);
  };

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.receiver = handler;
  }

  onClose(handler: (reason: TypewireError | undefined) => void): void {
    this.closeHandler = handler;
  }

  close(reason?: TypewireError): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.closeHandler?.(reason);
    this.peer.close(reason);
  }
}

/** Two connected transports: what one sends, the other receives. */
export function createInProcessPair(options: InProcessOptions = {}): [Transport, Transport] {
  const max = options.maxQueuedFrames ?? 65_536;
  const a = new InProcessEnd(max);
  const b = new InProcessEnd(max);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
