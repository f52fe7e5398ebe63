import type { JWK } from 'jose';
import type { DeviceIdentity, PersonIdentity, PersonSummary, ServiceName } from '@webitr/contracts';
import { AssertionIssuer } from '@webitr/platform';
import type { NetworkContext } from './network/zones.ts';
import type { Invalidations } from './session/invalidations.ts';

/**
 * The gateway's assertions: who is calling (the person's agency, roles, zone
 * and address; or a machine's network), written by the platform's
 * AssertionIssuer (the same tokens every service verifies with the
 * platform's AssertionVerifier), signed synchronously. They carry no request
 * ids: the request and correlation ids go in the headers the gateway sets on
 * every forwarded request, whatever a client sent under those names, and the
 * services log those. So one person assertion serves many requests
 * (PersonAssertions below).
 */
export class PersonAssertionSigner {
  readonly #issuer: AssertionIssuer;
  readonly #now: () => number;

  constructor(issuer: string, privateJwk: JWK, options: { now?: () => number } = {}) {
    this.#issuer = new AssertionIssuer(issuer, privateJwk);
    this.#now = options.now ?? (() => Date.now());
  }

  /** Milliseconds since the epoch, as this signer sees them. */
  now(): number {
    return this.#now();
  }

  /** An assertion of `claims` to `audience`, signed now (or at `nowSeconds`), living 60 s. */
  sign(claims: PersonIdentity, audience: string, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, agencyId, roles, zone, ip } = claims;
    return this.#issuer.sign({ kind, sub, agencyId, roles, zone, ...(ip === undefined ? {} : { ip }) }, audience, nowSeconds);
  }

  /** An assertion for a machine's call (no person): where it came from; the service checks the machine's own key. */
  signDevice(claims: DeviceIdentity, audience: string, nowSeconds = Math.floor(this.#now() / 1000)): string {
    const { kind, sub, zones, ip } = claims;
    return this.#issuer.sign({ kind, sub, zones, ip }, audience, nowSeconds);
  }
}

/** An assertion lives 60 s (the platform's); it is handed out for the first 30, so a service never gets one about to expire. */
export const ASSERTION_REUSE_MS = 30_000;
/** Sessions whose assertions are kept, and assertions per session; beyond these the oldest go (a bound on memory). */
const MAX_SESSIONS = 50_000;
const MAX_PER_SESSION = 32;

interface Kept {
  token: string;
  /** Handed out until then (signer's clock, ms). */
  until: number;
}

/**
 * One assertion per session, service and network context, reused for 30 s
 * of its 60: signing ES256 was the largest single cost of a proxied request.
 * Handed out only after the guard's checks on each request (signed in,
 * CSRF, active, app granted, zone rules), so reuse skips no check. The key
 * holds everything the assertion says — the service (audience), the zone
 * and the address, the person's agency and roles, and their apps
 * (permission) — so a change of any of them means a new assertion; a
 * session that ends, or a person the directory changes, drops theirs at
 * once (the same invalidations as the session cache).
 */
export class PersonAssertions {
  readonly #signer: PersonAssertionSigner;
  readonly #bySession = new Map<string, { personId: string; tokens: Map<string, Kept> }>();
  /** What the assertion says about a person record (and its apps), worked out once per record object. */
  readonly #personPart = new WeakMap<PersonSummary, string>();

  constructor(signer: PersonAssertionSigner, invalidations: Invalidations) {
    this.#signer = signer;
    invalidations.on('invalidation', (invalidation) => {
      if (invalidation.kind === 'session') this.#bySession.delete(invalidation.key);
      else for (const [key, kept] of this.#bySession) if (kept.personId === invalidation.personId) this.#bySession.delete(key);
    });
  }

  /** The assertion for this session's person to `service` from `network`: the kept one while reusable, else a new one. */
  for(sessionKey: string, person: PersonSummary, service: ServiceName, network: NetworkContext): string {
    let personPart = this.#personPart.get(person);
    if (personPart === undefined) {
      personPart = JSON.stringify([person.id, person.agencyId, person.roles, person.apps]);
      this.#personPart.set(person, personPart);
    }
    const key = `${service}\n${network.zone}\n${network.address}\n${personPart}`;
    let session = this.#bySession.get(sessionKey);
    if (session !== undefined && session.personId !== person.id) session = undefined;
    const now = this.#signer.now();
    const kept = session?.tokens.get(key);
    if (kept !== undefined && kept.until > now) return kept.token;
    const issuedAt = Math.floor(now / 1000);
    const token = this.#signer.sign(
      { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: network.zone, ip: network.address },
      service,
      issuedAt,
    );
    if (session === undefined) {
      if (this.#bySession.size >= MAX_SESSIONS) this.#bySession.delete(this.#bySession.keys().next().value!);
      session = { personId: person.id, tokens: new Map() };
      this.#bySession.set(sessionKey, session);
    }
    if (session.tokens.size >= MAX_PER_SESSION) session.tokens.clear();
    // Counted from the second it says it was issued at, so it is never handed out with less than 30 s to live.
    session.tokens.set(key, { token, until: issuedAt * 1000 + ASSERTION_REUSE_MS });
    return token;
  }
}
