import { createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { PersonIdentity } from '@webitr/contracts';
import { ASSERTION_LIFETIME_SECONDS, ASSERTION_REUSE_SECONDS } from '@webitr/platform';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Distinct (person, service, zone, address, roles) assertions kept for reuse; each lives 30 s at most. */
const CACHE_MAX = 20_000;

/**
 * The gateway's assertions. The tokens are the same as the platform's
 * AssertionSigner makes: header {alg: ES256, kid: gateway}, iss, sub, aud,
 * iat, exp (60 s); every service verifies them with the platform's
 * AssertionVerifier (the tests do too). Signed synchronously with node:crypto
 * (ES256, IEEE P1363 signatures, as JWS requires), not through WebCrypto's
 * asynchronous round trip.
 *
 * An assertion names the person, their agency and roles, the zone and the
 * address, never the request, so `assertion()` reuses the one signed for
 * the same claims and service during the first half of its life: a person
 * clicking around signs one every 30 s per service, not one per request. The
 * gateway checks session, person, entitlement and network on every request
 * before it attaches one; a change of roles, zone or address is a different
 * assertion.
 */
export class PersonAssertionSigner {
  readonly #key: KeyObject;
  readonly #header: string;
  readonly #issuer: string;
  readonly #now: () => number;
  readonly #signed = new Map<string, { token: string; renewAt: number }>();

  constructor(issuer: string, privateJwk: JWK, options: { now?: () => number } = {}) {
    this.#key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    this.#issuer = issuer;
    this.#header = b64url({ alg: 'ES256', kid: issuer });
    this.#now = options.now ?? (() => Date.now());
  }

  /** A fresh assertion, signed now (or at `nowSeconds`). */
  sign(claims: PersonIdentity, audience: string, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, agencyId, roles, zone, ip } = claims;
    const payload = b64url({ kind, agencyId, roles, zone, ...(ip === undefined ? {} : { ip }), iss: this.#issuer, sub, aud: audience, iat: nowSeconds, exp: nowSeconds + ASSERTION_LIFETIME_SECONDS });
    const input = `${this.#header}.${payload}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.#key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    return `${input}.${signature}`;
  }

  /** The assertion for these claims and this service: reused until half its life is gone, then signed afresh. */
  assertion(claims: PersonIdentity, audience: string): string {
    const key = JSON.stringify([audience, claims.sub, claims.agencyId, claims.zone, claims.ip ?? null, claims.roles]);
    const nowMs = this.#now();
    const known = this.#signed.get(key);
    if (known && nowMs < known.renewAt) return known.token;
    const iat = Math.floor(nowMs / 1000);
    const token = this.sign(claims, audience, iat);
    this.#signed.delete(key);
    if (this.#signed.size >= CACHE_MAX) this.#signed.delete(this.#signed.keys().next().value!);
    this.#signed.set(key, { token, renewAt: (iat + ASSERTION_REUSE_SECONDS) * 1000 });
    return token;
  }
}
