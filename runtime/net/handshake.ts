/**
 * The handshake (docs/protocol.md): the client sends HELLO and waits; the
 * server checks the protocol version, the codec, the schema fingerprints and
 * the token, then answers HELLO, or a fatal ERROR naming what it refused and
 * closes. Nothing else may be sent before the answer.
 */
import { TypewireError } from '../errors/typewire-error.js';
import { decodeErrorFrame } from '../transport/error-frame.js';
import { FRAME_ERROR, FRAME_HELLO } from '../transport/frame-kinds.js';
import type { Transport } from '../transport/transport.js';
import { compareFingerprints, type Fingerprints } from './fingerprints.js';
import { decodeHello, encodeHello, type ClientHello, type ServerHello } from './hello.js';
import { authRefused, connectionLost, handshakeTimeout, handshakeViolation, schemaMismatch } from './reasons.js';

export interface AuthRequest {
  readonly clientId: string;
  readonly token: string | undefined;
  readonly remoteAddress: string;
}

export interface AuthResult {
  /** Who the client is, as the server's handlers should see it (Session.identity). */
  readonly identity?: unknown;
  /** Milliseconds since the epoch; the session is closed then (a token's expiry). */
  readonly expiresAt?: number;
}

/**
 * Decides whether a client may connect. Throw (or reject) to refuse: the
 * client receives an AUTH error and is closed. A TypewireError with an `auth`
 * code keeps its code.
 */
export type AuthVerifier = (request: AuthRequest) => AuthResult | void | Promise<AuthResult | void>;

export interface Accepted {
  readonly hello: ClientHello;
  readonly auth: AuthResult;
}

interface ServerHandshakeOptions {
  readonly fingerprints: Fingerprints;
  readonly timeoutMs: number;
  readonly remoteAddress: string;
  readonly auth: AuthVerifier | undefined;
}

/** Waits for the client's HELLO and checks it. Rejects with the reason to close the connection with. */
export function acceptHandshake(transport: Transport, options: ServerHandshakeOptions): Promise<Accepted> {
  return new Promise((resolve, reject) => {
    let done = false;
    const settle = (error: TypewireError | undefined, accepted?: Accepted): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(accepted!);
    };
    const timer = setTimeout(() => settle(handshakeTimeout(options.timeoutMs)), options.timeoutMs);
    transport.onClose((reason) => settle(reason ?? connectionLost()));
    transport.onFrame((frame) => {
      transport.onFrame(() => settle(handshakeViolation('a frame arrived before the server answered HELLO')));
      let hello: ClientHello;
      try {
        if (frame[0] !== FRAME_HELLO) throw handshakeViolation(`the first frame must be HELLO, got kind ${String(frame[0])}`);
        hello = decodeHello(frame.subarray(1), 'client');
        const mismatches = compareFingerprints(options.fingerprints, hello.fingerprints);
        if (mismatches.length > 0) throw schemaMismatch(mismatches);
      } catch (error) {
        return settle(TypewireError.from(error));
      }
      const request: AuthRequest = { clientId: hello.clientId, token: hello.token, remoteAddress: options.remoteAddress };
      Promise.resolve()
        .then(() => options.auth?.(request))
        .then(
          (result) => settle(undefined, { hello, auth: result ?? {} }),
          (error: unknown) => settle(authRefused(error)),
        );
    });
  });
}

export interface Welcomed {
  readonly hello: ServerHello;
  /** Frames the server sent right after its HELLO, to hand to whoever takes the connection over. */
  readonly early: Uint8Array[];
}

/** Sends the client's HELLO and waits for the answer. Rejects with the server's refusal, or a coded error. */
export function offerHandshake(transport: Transport, hello: ClientHello, timeoutMs: number): Promise<Welcomed> {
  return new Promise((resolve, reject) => {
    let done = false;
    const early: Uint8Array[] = [];
    const settle = (error: TypewireError | undefined, welcome?: ServerHello): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        transport.close();
        reject(error);
      } else resolve({ hello: welcome!, early });
    };
    const timer = setTimeout(() => settle(handshakeTimeout(timeoutMs)), timeoutMs);
    transport.onClose((reason) => settle(reason ?? connectionLost()));
    transport.onFrame((frame) => {
      // The server's SUBs and READY follow its HELLO, often in the same chunk: keep them.
      transport.onFrame((next) => early.push(next));
      try {
        if (frame[0] === FRAME_ERROR) throw decodeErrorFrame(frame.subarray(1)).error;
        if (frame[0] !== FRAME_HELLO) throw handshakeViolation(`the server's first frame must be HELLO or ERROR, got kind ${String(frame[0])}`);
        const welcome = decodeHello(frame.subarray(1), 'server');
        const mismatches = compareFingerprints(hello.fingerprints, welcome.fingerprints);
        if (mismatches.length > 0) throw schemaMismatch(mismatches);
        settle(undefined, welcome);
      } catch (error) {
        settle(TypewireError.from(error));
      }
    });
    try {
      transport.send(encodeHello(hello));
    } catch (error) {
      settle(TypewireError.from(error));
    }
  });
}
