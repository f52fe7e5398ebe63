import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';
import type { JWK, CryptoKey } from 'jose';
import { z } from 'zod';
import { identityClaimsSchema } from '@webitr/contracts';
import type { IdentityClaims } from '@webitr/contracts';
import { UnauthenticatedError } from '../errors.ts';

/**
 * Identity assertions: short-lived ES256 JWTs that say who is calling a
 * service. The gateway puts one on every request it forwards, after checking
 * the session, network zone and app permission; a service calling another
 * signs its own with `kind: service`. Each issuer has its own key; a
 * receiving service holds the public keys of the issuers it trusts, and only
 * the gateway may assert a person.
 *
 * An assertion says who is calling, not which request (the ids travel in the
 * x-request-id / x-correlation-id headers), so signers reuse one for the same
 * claims and audience during the first half of its 60 s life, and verifiers
 * remember the tokens they have verified until they expire. Signing and
 * verifying ES256 is most of what an assertion costs; per request it was the
 * largest single cost of a call through the gateway.
 */
export const ASSERTION_HEADER = 'x-webitr-assertion';
export const GATEWAY_ISSUER = 'gateway';
const ALG = 'ES256';
export const ASSERTION_LIFETIME_SECONDS = 60;
/** A signer hands out the same assertion until this much of its life is gone. */
export const ASSERTION_REUSE_SECONDS = ASSERTION_LIFETIME_SECONDS / 2;
const LIFETIME_SECONDS = ASSERTION_LIFETIME_SECONDS;
const CLOCK_TOLERANCE_SECONDS = 5;
/** Bounds of the signers' and verifiers' caches (entries; each lives at most a minute). */
const SIGNED_CACHE_MAX = 1_000;
const VERIFIED_CACHE_MAX = 10_000;

/**
 * What a signer is given. Request and correlation ids are no longer part of an
 * assertion; callers that still pass `rid` / `cid` have them ignored.
 */
export type AssertionClaims = IdentityClaims & { rid?: string; cid?: string };

/** A Map used as a bounded cache: when full, the oldest entry goes (entries are added in time order). */
function remember<K, V>(map: Map<K, V>, max: number, key: K, value: V): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/** Verified claims are shared by every request presenting the same token: nobody may change them. */
function frozen(claims: IdentityClaims): IdentityClaims {
  if (claims.kind === 'person') {
    for (const role of claims.roles) Object.freeze(role);
    Object.freeze(claims.roles);
  }
  return Object.freeze(claims);
}

const jwkSchema = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() });

/** Config value: the issuer's private key as a JWK (JSON). */
export const privateJwkSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      const jwk = jwkSchema.extend({ d: z.string() }).parse(JSON.parse(text));
      return jwk as JWK;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an EC P-256 private JWK (JSON)' });
      return z.NEVER;
    }
  });

/** Config value: `{ "<issuer>": <public JWK>, ... }` of the issuers this process trusts. */
export const trustedKeysSchema = z.string().transform((text, ctx) => {
  try {
    return z.record(z.string().regex(/^[a-z-]+$/), jwkSchema).parse(JSON.parse(text)) as Record<string, JWK>;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: { "<issuer>": <EC P-256 public JWK>, ... }' });
    return z.NEVER;
  }
});

export interface AssertionClock {
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

export class AssertionSigner {
  readonly issuer: string;
  readonly #key: Promise<CryptoKey | Uint8Array>;
  readonly #now: () => number;
  readonly #signed = new Map<string, { token: string; renewAt: number }>();

  constructor(issuer: string, privateJwk: JWK, options: AssertionClock = {}) {
    this.issuer = issuer;
    this.#key = importJWK(privateJwk, ALG);
    this.#now = options.now ?? (() => Date.now());
  }

  /**
   * An assertion for calls to `audience` (the receiving service): the one
   * signed for the same claims and audience, until half its life is gone;
   * then a fresh one.
   */
  async sign(claims: AssertionClaims, audience: string): Promise<string> {
    const parsed = identityClaimsSchema.parse(claims);
    const key = JSON.stringify([audience, parsed]);
    const nowMs = this.#now();
    const reuse = this.#signed.get(key);
    if (reuse && nowMs < reuse.renewAt) return reuse.token;
    const { sub, ...rest } = parsed;
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT(rest)
      .setProtectedHeader({ alg: ALG, kid: this.issuer })
      .setIssuer(this.issuer)
      .setSubject(sub)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_SECONDS)
      .sign(await this.#key);
    remember(this.#signed, SIGNED_CACHE_MAX, key, { token, renewAt: (iat + ASSERTION_REUSE_SECONDS) * 1000 });
    return token;
  }
}

export class AssertionVerifier {
  readonly #audience: string;
  readonly #keys: Map<string, Promise<CryptoKey | Uint8Array>>;
  readonly #now: () => number;
  /** Tokens verified before (the whole token, signature included) → their claims, until the token expires. */
  readonly #verified = new Map<string, { claims: IdentityClaims; until: number }>();

  constructor(audience: string, trustedKeys: Record<string, JWK>, options: AssertionClock = {}) {
    this.#audience = audience;
    this.#keys = new Map(Object.entries(trustedKeys).map(([issuer, jwk]) => [issuer, importJWK({ ...jwk, d: undefined }, ALG)]));
    this.#now = options.now ?? (() => Date.now());
  }

  /**
   * The verified identity, or an UnauthenticatedError with a specific code.
   * A token verified before is answered from memory until its expiry (never
   * after it, and never past its 60 s lifetime whatever its `exp` says);
   * anything else (another token, a changed byte) is verified in full.
   */
  async verify(token: string | undefined): Promise<IdentityClaims> {
    if (!token) throw new UnauthenticatedError({ code: 'ASSERTION_MISSING', detail: '此服務只接受經由閘道器轉送的請求' });
    const nowMs = this.#now();
    const known = this.#verified.get(token);
    if (known) {
      if (nowMs < known.until) return known.claims;
      this.#verified.delete(token);
    }
    let payload: Record<string, unknown>;
    let issuer: string | undefined;
    try {
      const result = await jwtVerify(
        token,
        async (header, jws) => {
          issuer = typeof header.kid === 'string' ? header.kid : undefined;
          const key = issuer ? this.#keys.get(issuer) : undefined;
          if (!key || jws.payload === undefined) throw new Error('untrusted issuer');
          return key;
        },
        {
          algorithms: [ALG],
          audience: this.#audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['iat', 'exp'],
          currentDate: new Date(nowMs),
        },
      );
      payload = result.payload;
      if (result.payload.iss !== issuer) throw new Error('issuer does not match key');
    } catch {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '身分憑證無效或已過期' });
    }
    const claims = identityClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '身分憑證內容不完整' });
    if (claims.data.kind === 'person' && issuer !== GATEWAY_ISSUER) {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '只有閘道器可以代表人員呼叫服務' });
    }
    if (claims.data.kind === 'service' && claims.data.sub !== `service:${issuer}`) {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '服務身分與簽章不符' });
    }
    const verified = frozen(claims.data);
    // jwtVerify checked both are there and numbers; the clock tolerance is not extended to remembered tokens.
    const until = Math.min(Number(payload.exp), Number(payload.iat) + LIFETIME_SECONDS) * 1000;
    if (nowMs < until) remember(this.#verified, VERIFIED_CACHE_MAX, token, { claims: verified, until });
    return verified;
  }
}

/** A new issuer key pair: the private JWK for the issuer, the public one for those who trust it. */
export async function generateIssuerKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}
