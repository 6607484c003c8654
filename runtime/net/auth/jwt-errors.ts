/**
 * jose's verification errors as the refusal a client is told about. The
 * message says which check failed (as an OAuth `error_description` would);
 * never the token or the key.
 */
import { TypewireError } from '../../errors/typewire-error.js';

const WHY: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the signature does not verify',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token is signed with an algorithm that is not allowed',
  ERR_JWS_INVALID: 'the token is not a valid JWS',
  ERR_JWT_INVALID: 'the token is not a valid JWT',
  ERR_JWKS_NO_MATCHING_KEY: 'no key in the key set matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'several keys in the key set match the token and none verifies',
  ERR_JOSE_NOT_SUPPORTED: 'the token uses an unsupported algorithm or key',
};

export function refusalFromJose(error: unknown): TypewireError {
  const code = (error as { code?: unknown } | null)?.code;
  const jwtCode = typeof code === 'string' ? code : undefined;
  const claim = (error as { claim?: unknown } | null)?.claim;
  let why = (jwtCode && WHY[jwtCode]) ?? 'the token could not be verified';
  if (jwtCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    why = claim === 'nbf' ? 'the token is not valid yet (nbf)' : `the ${typeof claim === 'string' ? `"${claim}"` : ''} claim check failed`;
  }
  return new TypewireError('AUTH_UNAUTHENTICATED', `token refused: ${why}`, {
    details: { reason: 'token-refused', ...(jwtCode ? { jwtCode } : {}), ...(typeof claim === 'string' ? { claim } : {}) },
    cause: error,
  });
}
