import type { TypewireError } from '../errors/typewire-error.js';

/**
 * A transport moves frames (opaque bytes) between two peers. The bus and RPC
 * layers only ever see this interface; in-process, WebSocket, TCP and NATS
 * each implement it, so none of them leaks into the layers above.
 */
export interface Transport {
  /**
   * Queues one frame for the peer. The caller must not mutate `frame`
   * afterwards. Throws TRANSPORT_CLOSED after close, TRANSPORT_BUFFER_FULL when
   * the outbound buffer is at its bound.
   */
  send(frame: Uint8Array): void;
  /** Registers the receiver of the peer's frames (one per transport). */
  onFrame(handler: (frame: Uint8Array) => void): void;
  /** Called once, when either side closes or the link fails. */
  onClose(handler: (reason: TypewireError | undefined) => void): void;
  close(reason?: TypewireError): void;
  readonly closed: boolean;
  /**
   * True while send() would refuse with TRANSPORT_BUFFER_FULL (a client that
   * is disconnected and has buffered all it may). Optional: transports that
   * never refuse leave it out.
   */
  readonly backlogFull?: boolean;
}
