import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';
import type { JWK, CryptoKey } from 'jose';
import { z } from 'zod';
import { identityClaimsSchema } from '@webitr/contracts';
import type { IdentityClaims } from '@webitr/contracts';
import { UnauthenticatedError } from '../errors.ts';

/**
 * Identity assertions: short-lived ES256 JWTs that say who is calling a
 * service. The gateway signs one per request after checking the session,
 * network zone and app permission; a service calling another signs its own
 * with `kind: service`. Each issuer has its own key; a receiving service
 * holds the public keys of the issuers it trusts, and only the gateway may
 * assert a person.
 */
export const ASSERTION_HEADER = 'x-webitr-assertion';
export const GATEWAY_ISSUER = 'gateway';
const ALG = 'ES256';
const LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

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

export class AssertionSigner {
  readonly issuer: string;
  readonly #key: Promise<CryptoKey | Uint8Array>;

  constructor(issuer: string, privateJwk: JWK) {
    this.issuer = issuer;
    this.#key = importJWK(privateJwk, ALG);
  }

  /** A fresh assertion for one call to `audience` (the receiving service). */
  async sign(claims: IdentityClaims, audience: string): Promise<string> {
    const { sub, ...rest } = identityClaimsSchema.parse(claims);
    return new SignJWT(rest)
      .setProtectedHeader({ alg: ALG, kid: this.issuer })
      .setIssuer(this.issuer)
      .setSubject(sub)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .sign(await this.#key);
  }
}

export class AssertionVerifier {
  readonly #audience: string;
  readonly #keys: Map<string, Promise<CryptoKey | Uint8Array>>;

  constructor(audience: string, trustedKeys: Record<string, JWK>) {
    this.#audience = audience;
    this.#keys = new Map(Object.entries(trustedKeys).map(([issuer, jwk]) => [issuer, importJWK({ ...jwk, d: undefined }, ALG)]));
  }

  /** The verified identity, or an UnauthenticatedError with a specific code. */
  async verify(token: string | undefined): Promise<IdentityClaims> {
    if (!token) throw new UnauthenticatedError({ code: 'ASSERTION_MISSING', detail: '此服務只接受經由閘道器轉送的請求' });
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
        { algorithms: [ALG], audience: this.#audience, clockTolerance: CLOCK_TOLERANCE_SECONDS, maxTokenAge: LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS },
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
    return claims.data;
  }
}

/** A new issuer key pair: the private JWK for the issuer, the public one for those who trust it. */
export async function generateIssuerKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}
