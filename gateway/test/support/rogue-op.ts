import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { listen } from '@webitr/platform';
import type { RunningServer } from '@webitr/platform';

export type RogueMode =
  | 'honest'
  | 'wrong-nonce'
  | 'other-issuer'
  | 'other-audience'
  | 'expired'
  /** Signed by a key the provider does not publish, under the published key's id. */
  | 'unpublished-key'
  /** Signed by a key the provider does not publish, under a key id of its own. */
  | 'unpublished-kid'
  /** Key rotation: a second key is published beside the first, and tokens are signed with it. */
  | 'rotated'
  /** Issued an hour from now. */
  | 'issued-in-future'
  | 'email-unverified'
  | 'email-verified-missing';

/**
 * An OpenID Provider that follows the protocol (discovery, authorization
 * endpoint, PKCE-checked token endpoint, JWKS) but can be told to hand out an
 * ID token that is wrong in one way: another nonce, another issuer, another
 * audience, expired, issued in the future, signed by a key it does not
 * publish, or with an e-mail address not said to be verified. The gateway
 * must refuse each with its own code. It also rotates its keys on request.
 */
export interface RogueHooks {
  /** Just before the token endpoint answers. */
  tokenIssued?: () => void;
  /** When the key set is asked for. */
  jwksRequested?: () => void;
}

export async function startRogueOp(): Promise<{
  issuer: string;
  setMode(mode: RogueMode): void;
  jwksFetches(): number;
  hooks: RogueHooks;
  close(): Promise<void>;
}> {
  const hooks: RogueHooks = {};
  const published = await generateKeyPair('ES256');
  const { privateKey } = published;
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'rogue-1', alg: 'ES256', use: 'sig' };
  const next = await generateKeyPair('ES256');
  const nextJwk = { ...(await exportJWK(next.publicKey)), kid: 'rogue-2', alg: 'ES256', use: 'sig' };
  const unpublished = (await generateKeyPair('ES256')).privateKey;
  let fetches = 0;
  const codes = new Map<string, { clientId: string; nonce?: string; challenge: string; redirectUri: string }>();
  let mode: RogueMode = 'honest';
  let issuer = '';
  const app = express();
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });
  app.get('/jwks', (_req, res) => {
    fetches += 1;
    hooks.jwksRequested?.();
    res.json({ keys: mode === 'rotated' ? [jwk, nextJwk] : [jwk] });
  });
  app.get('/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    const code = randomBytes(16).toString('base64url');
    codes.set(code, { clientId: q.client_id!, nonce: q.nonce, challenge: q.code_challenge!, redirectUri: q.redirect_uri! });
    const back = new URL(q.redirect_uri!);
    back.searchParams.set('code', code);
    if (q.state) back.searchParams.set('state', q.state);
    res.redirect(302, back.href);
  });
  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    const grant = codes.get(body.code ?? '');
    codes.delete(body.code ?? '');
    const challenge = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (!grant || challenge !== grant.challenge || body.redirect_uri !== grant.redirectUri)
      return void res.status(400).json({ error: 'invalid_grant' });
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { email: 'teacher@guanghua.demo', email_verified: true, nonce: grant.nonce };
    if (mode === 'wrong-nonce') claims.nonce = 'a-nonce-from-another-sign-in';
    if (mode === 'email-unverified') claims.email_verified = false;
    if (mode === 'email-verified-missing') delete claims.email_verified;
    const kid = mode === 'unpublished-kid' ? 'rogue-9' : mode === 'rotated' ? 'rogue-2' : 'rogue-1';
    const key = mode === 'unpublished-key' || mode === 'unpublished-kid' ? unpublished : mode === 'rotated' ? next.privateKey : privateKey;
    const issuedAt = mode === 'expired' ? now - 7200 : mode === 'issued-in-future' ? now + 3600 : now;
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(mode === 'other-issuer' ? 'https://evil.example' : issuer)
      .setAudience(mode === 'other-audience' ? 'some-other-client' : grant.clientId)
      .setSubject('rogue-teacher')
      .setIssuedAt(issuedAt)
      .setExpirationTime(mode === 'expired' ? now - 3600 : issuedAt + 300)
      .sign(key);
    hooks.tokenIssued?.();
    res.json({ access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });
  const server: RunningServer = await listen(app, 0);
  issuer = server.url;
  return { issuer, setMode: (m) => void (mode = m), jwksFetches: () => fetches, hooks, close: () => server.close(1_000) };
}
