import type { JWK } from 'jose';
import type { DeviceIdentity, PersonIdentity } from '@webitr/contracts';
import { AssertionIssuer } from '@webitr/platform';

/** The request a proxied call belongs to: the gateway's request and correlation ids. */
export interface RequestIds {
  rid: string;
  cid: string;
}

/**
 * The gateway's assertions, one per proxied request: the person's agency,
 * roles, zone and address and the request's `rid` and `cid`, written by the
 * platform's AssertionIssuer (the same tokens every service verifies with the
 * platform's AssertionVerifier). Unlike the platform's AssertionSigner it
 * takes an identity the gateway has built itself and does not parse it again,
 * and signs synchronously: it is on every proxied request.
 */
export class PersonAssertionSigner {
  readonly #issuer: AssertionIssuer;
  readonly #now: () => number;

  constructor(issuer: string, privateJwk: JWK, options: { now?: () => number } = {}) {
    this.#issuer = new AssertionIssuer(issuer, privateJwk);
    this.#now = options.now ?? (() => Date.now());
  }

  /** A fresh assertion for one request to `audience`, signed now (or at `nowSeconds`). */
  sign(claims: PersonIdentity, audience: string, ids: RequestIds, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, agencyId, roles, zone, ip } = claims;
    return this.#issuer.sign(
      { kind, sub, agencyId, roles, zone, ...(ip === undefined ? {} : { ip }), rid: ids.rid, cid: ids.cid },
      audience,
      nowSeconds,
    );
  }

  /** An assertion for a machine's call (no person): where it came from; the service checks the machine's own key. */
  signDevice(claims: DeviceIdentity, audience: string, ids: RequestIds, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, zones, ip } = claims;
    return this.#issuer.sign({ kind, sub, zones, ip, rid: ids.rid, cid: ids.cid }, audience, nowSeconds);
  }
}
