import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { PersonIdentity } from '@webitr/contracts';
import { ASSERTION_LIFETIME_SECONDS, signEs256 } from '@webitr/platform';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The request a proxied call belongs to: the gateway's request and correlation ids. */
export interface RequestIds {
  rid: string;
  cid: string;
}

/**
 * The gateway's assertions, one per proxied request. The tokens are the same
 * as the platform's AssertionSigner makes: header {alg: ES256, kid: gateway},
 * iss, sub, aud, iat, exp (60 s), the person's agency, roles, zone and
 * address, and the request's `rid` and `cid`; every service verifies them
 * with the platform's AssertionVerifier (the tests do too) and logs under
 * those ids. Signed synchronously with node:crypto and a key prepared once
 * (the platform's signEs256), not through WebCrypto's asynchronous round trip.
 */
export class PersonAssertionSigner {
  readonly #key: KeyObject;
  readonly #header: string;
  readonly #issuer: string;
  readonly #now: () => number;

  constructor(issuer: string, privateJwk: JWK, options: { now?: () => number } = {}) {
    this.#key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    this.#issuer = issuer;
    this.#header = b64url({ alg: 'ES256', kid: issuer });
    this.#now = options.now ?? (() => Date.now());
  }

  /** A fresh assertion for one request to `audience`, signed now (or at `nowSeconds`). */
  sign(claims: PersonIdentity, audience: string, ids: RequestIds, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, agencyId, roles, zone, ip } = claims;
    const payload = b64url({
      kind,
      agencyId,
      roles,
      zone,
      ...(ip === undefined ? {} : { ip }),
      rid: ids.rid,
      cid: ids.cid,
      iss: this.#issuer,
      sub,
      aud: audience,
      iat: nowSeconds,
      exp: nowSeconds + ASSERTION_LIFETIME_SECONDS,
    });
    const input = `${this.#header}.${payload}`;
    return `${input}.${signEs256(input, this.#key)}`;
  }
}
