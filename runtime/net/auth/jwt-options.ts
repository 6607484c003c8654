/**
 * Checks a JWT verifier's options when it is built, so that a misconfigured
 * server fails at start-up rather than letting the wrong tokens in.
 */
import { TypewireError } from '../../errors/typewire-error.js';

export type KeySource = 'secret' | 'publicKey' | 'jwks';

const HMAC = /^HS(256|384|512)$/;

export function keySourceOf(options: { secret?: unknown; publicKey?: unknown; jwks?: unknown }): KeySource {
  const given = (['secret', 'publicKey', 'jwks'] as const).filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `jwtVerifier needs exactly one of secret, publicKey, jwks; got ${given.length === 0 ? 'none' : given.join(', ')}`);
  }
  const source = given[0]!;
  if (source === 'secret' && (options.secret === '' || (options.secret instanceof Uint8Array && options.secret.byteLength === 0))) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'jwtVerifier: the secret is empty');
  }
  return source;
}

/** The allow-list, checked: non-empty, no `none`, and HMAC exactly when the key is a secret. */
export function checkAlgorithms(algorithms: ReadonlyArray<string> | undefined, source: KeySource): ReadonlyArray<string> {
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'jwtVerifier needs an algorithms allow-list (for example ["ES256"]); there is no default');
  }
  for (const alg of algorithms) {
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `jwtVerifier: algorithm ${JSON.stringify(alg)} is not allowed (unsigned tokens are never accepted)`);
    }
    if (HMAC.test(alg) !== (source === 'secret')) {
      throw new TypewireError(
        'VALIDATION_BAD_ARGUMENT',
        source === 'secret' ? `jwtVerifier: a secret only verifies HS256/384/512, not ${alg}` : `jwtVerifier: ${alg} needs a secret, not a ${source}`,
      );
    }
  }
  return algorithms;
}
