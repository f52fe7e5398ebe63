import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { listen } from '@webitr/platform';
import type { RunningServer } from '@webitr/platform';

export type RogueMode = 'honest' | 'wrong-nonce' | 'other-issuer' | 'other-audience' | 'expired';

/**
 * An OpenID Provider that follows the protocol (discovery, authorization
 * endpoint, PKCE-checked token endpoint, JWKS) but can be told to hand out an
 * ID token that is wrong in one way: another nonce, another issuer, another
 * audience, or expired. The gateway must refuse each with its own code.
 */
export async function startRogueOp(): Promise<{ issuer: string; setMode(mode: RogueMode): void; close(): Promise<void> }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'rogue-1', alg: 'ES256', use: 'sig' };
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
  app.get('/jwks', (_req, res) => void res.json({ keys: [jwk] }));
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
    const challenge = createHash('sha256').update(body.code_verifier ?? '').digest('base64url');
    if (!grant || challenge !== grant.challenge || body.redirect_uri !== grant.redirectUri) return void res.status(400).json({ error: 'invalid_grant' });
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { email: 'teacher@guanghua.demo', email_verified: true, nonce: grant.nonce };
    if (mode === 'wrong-nonce') claims.nonce = 'a-nonce-from-another-sign-in';
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'rogue-1', typ: 'JWT' })
      .setIssuer(mode === 'other-issuer' ? 'https://evil.example' : issuer)
      .setAudience(mode === 'other-audience' ? 'some-other-client' : grant.clientId)
      .setSubject('rogue-teacher')
      .setIssuedAt(mode === 'expired' ? now - 7200 : now)
      .setExpirationTime(mode === 'expired' ? now - 3600 : now + 300)
      .sign(privateKey);
    res.json({ access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });
  const server: RunningServer = await listen(app, 0);
  issuer = server.url;
  return { issuer, setMode: (m) => void (mode = m), close: () => server.close(1_000) };
}
