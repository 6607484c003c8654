/**
 * A WebSocket as a Connection. Everything sent in one event-loop turn leaves
 * as one binary message holding length-prefixed frames (FrameBatcher, as over
 * TCP), split before a message would pass `maxMessageBytes`; each message that
 * arrives is split back into frames (ws-message.ts).
 *
 * The class sees the socket only through MessageSocket, so the same code runs
 * over the `ws` package in Node (ws-node.ts) and the browser's WebSocket
 * (browser-ws.ts); no Node built-ins here.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import { encodeErrorFrame } from '../../transport/error-frame.js';
import { encodeFrames, FrameBatcher } from '../../transport/frame-batcher.js';
import { LENGTH_PREFIX_BYTES } from '../../transport/frame-decoder.js';
import type { Connection } from '../connection.js';
import { slowConsumer } from '../reasons.js';
import { closeCodeFor, reasonFromClose } from './close-codes.js';
import { splitMessage } from './ws-message.js';

/** The little a connection needs from a WebSocket, whichever implementation it is. */
export interface MessageSocket {
  /** Bytes handed to send() that have not gone out yet. */
  readonly bufferedAmount: number;
  /** Sends one binary message. */
  send(message: Uint8Array): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake (where the implementation can). */
  terminate(): void;
}

export interface WsConnectionOptions {
  /** Largest frame accepted inside a message. */
  readonly maxFrameBytes: number;
  /** Outbound messages are split before they would pass this (the peer's maxPayload). */
  readonly maxMessageBytes: number;
  /** Bytes that may queue for the peer (socket buffer plus this turn's batch). */
  readonly maxOutboundBytes: number;
  /** Over the bound: `close` with a slow-consumer reason (a server), or `throw` TRANSPORT_BUFFER_FULL from send() (a client). */
  readonly onOverflow: 'close' | 'throw';
}

/** How long a closing socket may take to finish its closing handshake before it is dropped. */
const LINGER_MS = 2000;

export class WsConnection implements Connection {
  private readonly batcher: FrameBatcher;
  private frameHandler: (frame: Uint8Array) => void = () => undefined;
  private closeHandler: ((reason: TypewireError | undefined) => void) | undefined;
  private isClosed = false;
  /** A local failure (the peer's message over maxPayload) that explains the close event that follows. */
  private failure: TypewireError | undefined;

  constructor(
    private readonly socket: MessageSocket,
    readonly remoteAddress: string,
    private readonly options: WsConnectionOptions,
  ) {
    this.batcher = new FrameBatcher((message) => {
      if (!this.isClosed) socket.send(message);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount + this.batcher.pendingBytes;
  }

  send(frame: Uint8Array): void {
    if (this.isClosed) throw new TypewireError('TRANSPORT_CLOSED', `connection to ${this.remoteAddress} is closed`);
    const size = frame.byteLength + LENGTH_PREFIX_BYTES;
    const queued = this.bufferedBytes + size;
    if (queued > this.options.maxOutboundBytes) {
      if (this.options.onOverflow === 'throw') {
        throw new TypewireError('TRANSPORT_BUFFER_FULL', `${queued} bytes would queue for ${this.remoteAddress} (limit ${this.options.maxOutboundBytes})`, {
          details: { bufferedBytes: this.bufferedBytes, maxOutboundBytes: this.options.maxOutboundBytes },
        });
      }
      this.abort(slowConsumer(this.bufferedBytes, this.options.maxOutboundBytes));
      return;
    }
    // Keep each message under the peer's limit: send what is queued before this frame would push it over.
    const pending = this.batcher.pendingBytes;
    if (pending > 0 && pending + size > this.options.maxMessageBytes) this.batcher.flush();
    this.batcher.add(frame);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (reason: TypewireError | undefined) => void): void {
    this.closeHandler = handler;
  }

  /**
   * One message from the peer. A text message or one that does not hold
   * whole frames is refused with a non-fatal ERROR and dropped entirely; the
   * connection stays open, since the next message starts clean.
   */
  receive(message: Uint8Array, binary: boolean): void {
    if (this.isClosed) return;
    let frames: Uint8Array[];
    try {
      if (!binary) {
        throw new TypewireError('TRANSPORT_PROTOCOL', 'text WebSocket messages are not part of the protocol; send binary messages', {
          details: { reason: 'text-message' },
        });
      }
      frames = splitMessage(message, this.options.maxFrameBytes);
    } catch (error) {
      this.refuse(TypewireError.from(error));
      return;
    }
    for (const frame of frames) {
      if (this.isClosed) return;
      try {
        this.frameHandler(frame);
      } catch (error) {
        // Handlers are not supposed to throw; one that does leaves the link in an unknown state.
        this.close(TypewireError.from(error));
        return;
      }
    }
  }

  /** The socket failed; the close that follows reports this reason. */
  fail(error: TypewireError): void {
    this.failure ??= error;
  }

  /** The socket closed (either side started it). */
  closedBySocket(code: number, reason: string): void {
    this.finish(this.failure ?? reasonFromClose(code, reason));
  }

  /** Flushes what is queued, says why in a fatal ERROR frame (when there is a reason), and closes with a matching close code. */
  close(reason?: TypewireError): void {
    if (this.isClosed) return;
    this.batcher.flush();
    if (reason) {
      const goodbye = encodeErrorFrame(reason, true);
      this.socket.send(encodeFrames([goodbye], goodbye.byteLength));
    }
    this.finish(reason);
    this.socket.close(closeCodeFor(reason), reason?.code ?? '');
    const timer = setTimeout(() => this.socket.terminate(), LINGER_MS);
    (timer as { unref?: () => void }).unref?.();
  }

  /** Closes at once, dropping what is queued (a peer that does not read gets no goodbye). */
  abort(reason?: TypewireError): void {
    if (this.isClosed) return;
    this.finish(reason);
    this.socket.terminate();
  }

  private refuse(error: TypewireError): void {
    try {
      this.send(encodeErrorFrame(error, false));
    } catch {
      // Closed or over the bound: the peer will not read the refusal anyway.
    }
  }

  private finish(reason: TypewireError | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.batcher.clear();
    this.closeHandler?.(reason);
  }
}
