/**
 * A built-in AuthVerifier for JSON Web Tokens (jose): the token a client
 * sends in its HELLO must carry a valid signature from an allowed algorithm,
 * the expected issuer and audience, and be inside its validity window
 * (`nbf`..`exp`, give or take `clockToleranceSec`). The server closes the
 * session when the token expires (AUTH_EXPIRED); a client with a token
 * function reconnects with a fresh one.
 *
 * Node only (server side); browsers never verify tokens.
 */
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload, type JWTVerifyGetKey, type KeyObject } from 'jose';
import { TypewireError } from '../../errors/typewire-error.js';
import type { AuthRequest, AuthResult, AuthVerifier } from '../handshake.js';
import { checkAlgorithms, keySourceOf } from './jwt-options.js';
import { refusalFromJose } from './jwt-errors.js';

export interface JwtVerifierOptions {
  /** HMAC secret (HS256/384/512). Give exactly one of secret, publicKey, jwks. */
  readonly secret?: string | Uint8Array;
  /** A public key: CryptoKey, KeyObject, JWK, or a PEM `-----BEGIN PUBLIC KEY-----` string. */
  readonly publicKey?: CryptoKey | KeyObject | JWK | string;
  /** A key set: a URL to fetch it from (cached, refetched for an unknown `kid`), or the set itself. */
  readonly jwks?: string | URL | JSONWebKeySet;
  /**
   * The algorithms accepted (`alg` header); required, with no default, so
   * that a token cannot choose its own. `none` is refused, and HMAC
   * algorithms only go with `secret` (a public key used as an HMAC secret is
   * the classic algorithm-confusion attack).
   */
  readonly algorithms: ReadonlyArray<string>;
  /** Expected `iss` (one of these). */
  readonly issuer?: string | ReadonlyArray<string>;
  /** Expected `aud` (the token must name one of these). */
  readonly audience?: string | ReadonlyArray<string>;
  /** Seconds of clock skew allowed on `exp` and `nbf`; the session also ends this much after `exp`. Default 0. */
  readonly clockToleranceSec?: number;
  /** Refuse tokens without `exp` (they would never end a session). Default true. */
  readonly requireExpiry?: boolean;
  /** What handlers see as Session.identity. Default: the verified claims. */
  readonly identity?: (claims: JWTPayload) => unknown;
}

/** Builds a verifier for the server's `auth` option. Throws VALIDATION_BAD_ARGUMENT for inconsistent options. */
export function jwtVerifier(options: JwtVerifierOptions): AuthVerifier {
  const source = keySourceOf(options);
  const algorithms = checkAlgorithms(options.algorithms, source);
  const tolerance = options.clockToleranceSec ?? 0;
  if (!(tolerance >= 0)) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `clockToleranceSec must be zero or more, got ${String(tolerance)}`);
  const key = keyOf(options, source);
  const verifyOptions = {
    algorithms: [...algorithms],
    clockTolerance: tolerance,
    ...(options.issuer === undefined ? {} : { issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer] }),
    ...(options.audience === undefined ? {} : { audience: typeof options.audience === 'string' ? options.audience : [...options.audience] }),
    ...(options.requireExpiry === false ? {} : { requiredClaims: ['exp'] }),
  };
  const identity = options.identity ?? ((claims: JWTPayload) => claims);

  return async (request: AuthRequest): Promise<AuthResult> => {
    if (request.token === undefined || request.token === '') {
      throw new TypewireError('AUTH_UNAUTHENTICATED', 'no token: this server requires a JWT in the handshake', { details: { reason: 'no-token' } });
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(request.token, key, verifyOptions));
    } catch (error) {
      throw refusalFromJose(error);
    }
    return {
      identity: identity(claims),
      ...(claims.exp === undefined ? {} : { expiresAt: (claims.exp + tolerance) * 1000 }),
    };
  };
}

type Key = Uint8Array | CryptoKey | KeyObject | JWK | JWTVerifyGetKey;

function keyOf(options: JwtVerifierOptions, source: 'secret' | 'publicKey' | 'jwks'): Key {
  if (source === 'secret') return typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret!;
  if (source === 'jwks') {
    const jwks = options.jwks!;
    return typeof jwks === 'string' || jwks instanceof URL ? createRemoteJWKSet(new URL(jwks)) : createLocalJWKSet(jwks);
  }
  const publicKey = options.publicKey!;
  if (typeof publicKey !== 'string') return publicKey;
  // A PEM key is imported for the algorithm the token names (already checked against the allow-list by jose).
  const imported = new Map<string, Promise<CryptoKey>>();
  return (header) => {
    const alg = header.alg ?? '';
    let key = imported.get(alg);
    if (!key) imported.set(alg, (key = importSPKI(publicKey, alg)));
    return key;
  };
}
