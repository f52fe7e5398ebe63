import { createPrivateKey, createPublicKey, randomUUID, sign as signDigest, verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { derToJose, joseToDer } from 'ecdsa-sig-formatter';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import { z } from 'zod';
import { identityClaimsSchema } from '@webitr/contracts';
import type { IdentityClaims } from '@webitr/contracts';
import { currentContext } from '../context.ts';
import { UnauthenticatedError } from '../errors.ts';
import { REQUEST_ID_PATTERN } from '../http/request-context.ts';

/**
 * Identity assertions: short-lived ES256 JWTs that say who is calling a
 * service, for which request. The gateway signs one for every request it
 * forwards, after checking the session, network zone and app permission; a
 * service calling another signs its own with `kind: service`. Each issuer has
 * its own key; a receiving service holds the public keys of the issuers it
 * trusts, and only the gateway may assert a person.
 *
 * Besides who (person, agency, roles, zone), an assertion may carry the
 * request id (`rid`) and correlation id (`cid`) of the one call it was
 * signed for: services calling each other sign one per call with the ids of
 * the work in progress, and the receiving service logs and publishes under
 * those. The gateway's assertions carry none: the gateway keeps one per
 * session, service and network context for 30 s of its 60 (signing ES256 on
 * every request was its largest cost), and sends the request's ids as
 * `x-request-id` / `x-correlation-id` headers it sets itself on every
 * request, whatever a client sent; the service logs under those. Verifiers
 * keep nothing between calls.
 */
export const ASSERTION_HEADER = 'x-webitr-assertion';
export const GATEWAY_ISSUER = 'gateway';
const ALG = 'ES256';
const LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Request and correlation ids as an assertion carries them (the same shape the request context accepts):
 * both or neither. A token with one of them, or with one that is not an id, is refused.
 */
const assertedIdsSchema = z.union([
  z.object({ rid: z.string().regex(REQUEST_ID_PATTERN), cid: z.string().regex(REQUEST_ID_PATTERN) }),
  z.object({ rid: z.undefined().optional(), cid: z.undefined().optional() }),
]);

/**
 * What a signer is given: who, and optionally the ids of the request the
 * call belongs to (by default those of the current work, or fresh ones).
 */
export type AssertionClaims = IdentityClaims & { rid?: string; cid?: string };

/**
 * A verified assertion: who is calling, and the request and correlation ids its issuer signed, when it
 * was signed for one call (a service's); the gateway's, reused across requests, carry none (the ids are
 * then the request's headers, which the gateway sets).
 */
export interface VerifiedAssertion {
  identity: IdentityClaims;
  requestId?: string;
  correlationId?: string;
}

const wellFormed = (id: string | undefined): string | undefined => (id !== undefined && REQUEST_ID_PATTERN.test(id) ? id : undefined);

/**
 * The ids an assertion signed now carries: the caller's, else the current
 * work's, else a new one (anything not shaped like an id is replaced, as the
 * request context does with headers).
 */
export function assertionIds(claims: { rid?: string; cid?: string }): { rid: string; cid: string } {
  const context = currentContext();
  const rid = wellFormed(claims.rid) ?? wellFormed(context?.requestId) ?? randomUUID();
  return { rid, cid: wellFormed(claims.cid) ?? wellFormed(context?.correlationId) ?? rid };
}

const jwkSchema = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() });

/** Config value: the issuer's private key as a JWK (JSON). */
export const privateJwkSchema = z.string().transform((text, ctx) => {
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

/**
 * What writes an issuer's assertions: the header encoded once, the key
 * prepared once, each token signed synchronously (signEs256). The platform's
 * AssertionSigner and the gateway's signer both write through it.
 */
export class AssertionIssuer {
  readonly issuer: string;
  readonly #key: KeyObject;
  readonly #header: string;

  constructor(issuer: string, privateJwk: JWK) {
    this.issuer = issuer;
    this.#key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    this.#header = encodeJson({ alg: ALG, kid: issuer });
  }

  /** The compact token for `claims` (subject included) to `audience`, issued at `iat` (seconds), living 60 s. */
  sign(claims: Record<string, unknown>, audience: string, iat: number): string {
    const input = `${this.#header}.${encodeJson({ ...claims, iss: this.issuer, aud: audience, iat, exp: iat + LIFETIME_SECONDS })}`;
    return `${input}.${signEs256(input, this.#key)}`;
  }
}

export class AssertionSigner {
  readonly #issuer: AssertionIssuer;
  readonly #now: () => number;

  constructor(issuer: string, privateJwk: JWK, options: AssertionClock = {}) {
    this.#issuer = new AssertionIssuer(issuer, privateJwk);
    this.#now = options.now ?? (() => Date.now());
  }

  get issuer(): string {
    return this.#issuer.issuer;
  }

  /** A fresh assertion for one call to `audience` (the receiving service), with the call's request and correlation ids. */
  async sign(claims: AssertionClaims, audience: string): Promise<string> {
    return this.#issuer.sign({ ...identityClaimsSchema.parse(claims), ...assertionIds(claims) }, audience, Math.floor(this.#now() / 1000));
  }
}

/** The only protected header our signers write; anything else (another alg, `crit`, `jku`) is refused. */
const protectedHeaderSchema = z.strictObject({ alg: z.literal(ALG), kid: z.string(), typ: z.string().optional() });
const registeredClaimsSchema = z.looseObject({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number(),
  exp: z.number(),
});

/** A trusted issuer's public key, refused at boot unless it is a P-256 key (what ES256 means). */
function es256PublicKey(issuer: string, jwk: JWK): KeyObject {
  const key = createPublicKey({ key: { ...jwk, d: undefined } as never, format: 'jwk' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`trusted key of ${issuer} is not an ES256 (P-256) key`);
  }
  return key;
}

/**
 * The JWS signature (ES256: r and s, 32 bytes each, base64url) of `input`.
 * OpenSSL signs in DER; converting it here costs a microsecond, where asking
 * node:crypto for `dsaEncoding: 'ieee-p1363'` costs some 45 µs a call (measured
 * on Node 24), and the gateway signs once per proxied request.
 */
function signEs256(input: string, key: KeyObject): string {
  return derToJose(signDigest('sha256', Buffer.from(input), key), ALG);
}

const encodeJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodeJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

export class AssertionVerifier {
  readonly #audience: string;
  readonly #keys: Map<string, KeyObject>;
  readonly #now: () => number;

  constructor(audience: string, trustedKeys: Record<string, JWK>, options: AssertionClock = {}) {
    this.#audience = audience;
    this.#keys = new Map(Object.entries(trustedKeys).map(([issuer, jwk]) => [issuer, es256PublicKey(issuer, jwk)]));
    this.#now = options.now ?? (() => Date.now());
  }

  /** The verified identity and the signed request ids, or an UnauthenticatedError with a specific code. */
  async verify(token: string | undefined): Promise<VerifiedAssertion> {
    if (!token) throw new UnauthenticatedError({ code: 'ASSERTION_MISSING', detail: '此服務只接受經由閘道器轉送的請求' });
    const verified = this.#verifiedPayload(token);
    if (!verified) throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '身分憑證無效或已過期' });
    const { issuer, payload } = verified;
    const claims = identityClaimsSchema.safeParse(payload);
    const ids = assertedIdsSchema.safeParse(payload);
    if (!claims.success || !ids.success) throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '身分憑證內容不完整' });
    if (claims.data.kind === 'person' && issuer !== GATEWAY_ISSUER) {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '只有閘道器可以代表人員呼叫服務' });
    }
    // A machine's call comes in at the door like a person's: only the gateway forwards one.
    if (claims.data.kind === 'device' && issuer !== GATEWAY_ISSUER) {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '只有閘道器可以轉送設備的呼叫' });
    }
    if (claims.data.kind === 'service' && claims.data.sub !== `service:${issuer}`) {
      throw new UnauthenticatedError({ code: 'ASSERTION_INVALID', detail: '服務身分與簽章不符' });
    }
    const { rid, cid } = ids.data;
    return rid === undefined || cid === undefined
      ? { identity: claims.data }
      : { identity: claims.data, requestId: rid, correlationId: cid };
  }

  /**
   * The JWS checks, synchronously with node:crypto and keys prepared once: a
   * service verifies one assertion per request, and WebCrypto's asynchronous
   * round trip (what jose uses) costs twice the CPU of the signature check
   * itself. Compact form only; ES256 from a trusted issuer (kid = iss); the
   * audience is this service; issued within the lifetime, not expired (with a
   * little clock tolerance). Undefined when any check fails.
   */
  #verifiedPayload(token: string): { issuer: string; payload: Record<string, unknown> } | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
    try {
      const header = protectedHeaderSchema.safeParse(decodeJson(encodedHeader));
      const key = header.success ? this.#keys.get(header.data.kid) : undefined;
      if (!header.success || !key) return undefined;
      const signature = Buffer.from(encodedSignature, 'base64url');
      // The base64url text must be canonical, so one signature has one spelling.
      if (signature.length !== 64 || signature.toString('base64url') !== encodedSignature) return undefined;
      if (!verifySignature('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), key, joseToDer(signature, ALG))) return undefined;
      const payload = decodeJson(encodedPayload);
      const registered = registeredClaimsSchema.safeParse(payload);
      if (!registered.success) return undefined;
      const { iss, aud, iat, exp } = registered.data;
      const now = this.#now() / 1000;
      const audiences = Array.isArray(aud) ? aud : [aud];
      if (iss !== header.data.kid || !audiences.includes(this.#audience)) return undefined;
      if (exp <= now - CLOCK_TOLERANCE_SECONDS || iat > now + CLOCK_TOLERANCE_SECONDS) return undefined;
      if (now - iat > LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) return undefined;
      return { issuer: iss, payload: registered.data };
    } catch {
      return undefined; // not JSON, not base64url: not ours
    }
  }
}

/** A new issuer key pair: the private JWK for the issuer, the public one for those who trust it. */
export async function generateIssuerKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}
