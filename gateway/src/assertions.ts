import { createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { PersonIdentity } from '@webitr/contracts';

const LIFETIME_SECONDS = 60;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The gateway signs one assertion per proxied request, so it signs them
 * synchronously with node:crypto (ES256, IEEE P1363 signatures, as JWS
 * requires) rather than through WebCrypto's asynchronous round trip. The
 * tokens are the same as the platform's AssertionSigner makes: header
 * {alg: ES256, kid: gateway}, iss, sub, aud, iat, exp; every service verifies
 * them with the platform's AssertionVerifier (the tests do too).
 */
export class PersonAssertionSigner {
  readonly #key: KeyObject;
  readonly #header: string;
  readonly #issuer: string;

  constructor(issuer: string, privateJwk: JWK) {
    this.#key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    this.#issuer = issuer;
    this.#header = b64url({ alg: 'ES256', kid: issuer });
  }

  sign(claims: PersonIdentity, audience: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const { sub, ...rest } = claims;
    const payload = b64url({ ...rest, iss: this.#issuer, sub, aud: audience, iat: nowSeconds, exp: nowSeconds + LIFETIME_SECONDS });
    const input = `${this.#header}.${payload}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.#key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    return `${input}.${signature}`;
  }
}
