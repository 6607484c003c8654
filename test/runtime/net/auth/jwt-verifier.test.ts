/**
 * The JWT verifier on its own, with tokens signed by jose: each check
 * (signature, algorithm allow-list, issuer, audience, expiry, not-before)
 * refuses with AUTH_UNAUTHENTICATED and says which check failed.
 */
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { jwtVerifier, type JwtVerifierOptions } from '../../../../runtime/net/auth/jwt-verifier.js';
import type { AuthVerifier } from '../../../../runtime/net/handshake.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const secretKey = new TextEncoder().encode(SECRET);
const base = { issuer: 'https://issuer.example', audience: 'typewire-orders' };
const now = () => Math.floor(Date.now() / 1000);

function hs(alg = 'HS256') {
  return new SignJWT({ role: 'clerk' }).setProtectedHeader({ alg }).setSubject('user-1').setIssuer(base.issuer).setAudience(base.audience).setIssuedAt().setExpirationTime('1h');
}

async function verify(verifier: AuthVerifier, token: string | undefined) {
  return verifier({ clientId: 'c', token, remoteAddress: '127.0.0.1:1' });
}

async function refusal(verifier: AuthVerifier, token: string | undefined): Promise<TypewireError> {
  const error = await Promise.resolve(verify(verifier, token)).then(
    () => {
      throw new Error('the token was accepted');
    },
    (e: unknown) => e as TypewireError,
  );
  expect(error.code).toBe('AUTH_UNAUTHENTICATED');
  return error;
}

describe('HS256', () => {
  const verifier = jwtVerifier({ secret: SECRET, algorithms: ['HS256'], ...base });

  it('accepts a valid token: identity is the claims, expiresAt is exp in milliseconds', async () => {
    const exp = now() + 3600;
    const token = await hs().setExpirationTime(exp).sign(secretKey);
    const result = await verify(verifier, token);
    expect(result).toMatchObject({ identity: { sub: 'user-1', role: 'clerk', iss: base.issuer }, expiresAt: exp * 1000 });
  });

  it('refuses a wrong signature', async () => {
    const token = await hs().sign(new TextEncoder().encode('another-secret-another-secret-xx'));
    expect((await refusal(verifier, token)).message).toMatch(/signature/);
  });

  it('refuses an algorithm outside the allow-list (HS512 when only HS256 is allowed) and unsigned tokens', async () => {
    expect((await refusal(verifier, await hs('HS512').sign(secretKey))).details).toMatchObject({ jwtCode: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    const unsigned = new UnsecuredJWT({ sub: 'user-1' }).setIssuer(base.issuer).setAudience(base.audience).setExpirationTime('1h').encode();
    await refusal(verifier, unsigned);
  });

  it('refuses the wrong issuer or audience', async () => {
    const wrongIssuer = await hs().setIssuer('https://evil.example').sign(secretKey);
    expect(await refusal(verifier, wrongIssuer)).toMatchObject({ details: { claim: 'iss' } });
    const wrongAudience = await hs().setAudience('someone-else').sign(secretKey);
    expect(await refusal(verifier, wrongAudience)).toMatchObject({ details: { claim: 'aud' } });
  });

  it('refuses an expired token and one not valid yet', async () => {
    const expired = await hs().setExpirationTime(now() - 10).sign(secretKey);
    expect((await refusal(verifier, expired)).message).toMatch(/expired/);
    const early = await hs().setNotBefore(now() + 60).sign(secretKey);
    expect((await refusal(verifier, early)).message).toMatch(/not valid yet/);
  });

  it('allows clock skew within clockToleranceSec, and ends the session that much after exp', async () => {
    const lenient = jwtVerifier({ secret: SECRET, algorithms: ['HS256'], ...base, clockToleranceSec: 30 });
    const exp = now() - 10;
    const result = await verify(lenient, await hs().setExpirationTime(exp).sign(secretKey));
    expect(result).toMatchObject({ expiresAt: (exp + 30) * 1000 });
  });

  it('refuses a token without exp unless requireExpiry is false, and a missing token', async () => {
    const eternal = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(base.issuer).setAudience(base.audience).sign(secretKey);
    expect(await refusal(verifier, eternal)).toMatchObject({ details: { claim: 'exp' } });
    const lax = jwtVerifier({ secret: SECRET, algorithms: ['HS256'], ...base, requireExpiry: false });
    expect(await verify(lax, eternal)).toEqual({ identity: { iss: base.issuer, aud: base.audience } });
    expect(await refusal(verifier, undefined)).toMatchObject({ details: { reason: 'no-token' } });
    await refusal(verifier, 'not.a.jwt');
  });
});

describe('ES256', () => {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  beforeAll(async () => {
    ({ privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true }));
  });
  const es = () => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('svc').setIssuer(base.issuer).setAudience(base.audience).setExpirationTime('5m');

  it('verifies with a CryptoKey, a PEM string and a local key set', async () => {
    const token = await es().sign(privateKey);
    const keys: Array<JwtVerifierOptions['publicKey'] | 'jwks'> = [publicKey, await exportSPKI(publicKey), 'jwks'];
    for (const key of keys) {
      const options =
        key === 'jwks'
          ? { jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }, algorithms: ['ES256'], ...base }
          : { publicKey: key!, algorithms: ['ES256'], ...base };
      expect(await verify(jwtVerifier(options), token)).toMatchObject({ identity: { sub: 'svc' } });
    }
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const verifier = jwtVerifier({ publicKey, algorithms: ['ES256'], ...base });
    expect((await refusal(verifier, await es().sign(other.privateKey))).message).toMatch(/signature/);
  });

  it('refuses algorithm confusion: an HS256 token whose secret is the public key', async () => {
    const pem = await exportSPKI(publicKey);
    const verifier = jwtVerifier({ publicKey: pem, algorithms: ['ES256'], ...base });
    const forged = await hs('HS256').sign(new TextEncoder().encode(pem));
    expect(await refusal(verifier, forged)).toMatchObject({ details: { jwtCode: 'ERR_JOSE_ALG_NOT_ALLOWED' } });
  });
});

describe('options are checked when the verifier is built', () => {
  const bad = (options: unknown) => () => jwtVerifier(options as JwtVerifierOptions);
  it.each([
    ['no algorithms', { secret: SECRET }],
    ['an empty allow-list', { secret: SECRET, algorithms: [] }],
    ['none', { secret: SECRET, algorithms: ['none'] }],
    ['an asymmetric algorithm with a secret', { secret: SECRET, algorithms: ['ES256'] }],
    ['an HMAC algorithm with a public key', { publicKey: 'pem', algorithms: ['HS256'] }],
    ['two key sources', { secret: SECRET, jwks: { keys: [] }, algorithms: ['HS256'] }],
    ['no key', { algorithms: ['HS256'] }],
    ['an empty secret', { secret: '', algorithms: ['HS256'] }],
  ])('refuses %s with VALIDATION_BAD_ARGUMENT', (_name, options) => {
    expect(bad(options)).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });
});
