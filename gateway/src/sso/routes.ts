import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { IDToken, TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import type { PersonLookup, PersonSummary } from '@webitr/contracts';
import { createRouter } from '@webitr/platform';
import type { Gateway } from '../context.ts';
import { auditFor } from '../context.ts';
import { networkOf, requestState } from '../http/request-state.ts';
import type { SignedInPerson } from '../signed-in-person.ts';
import { agencyNotAllowed, emailUnverified, returnToInvalid, signInFailed, ssoError, stateInvalid, tokenNotYetValid } from './errors.ts';
import { logoutTokenInvalid } from './portals.ts';
import type { Portal } from './portals.ts';
import { safeReturnTo } from './return-to.ts';

type Tokens = TokenEndpointResponse & TokenEndpointResponseHelpers;
type Outcome =
  | { kind: 'tokens'; tokens: Tokens }
  | { kind: 'fail'; info: { message?: string; error?: string } | undefined }
  | { kind: 'error'; error: unknown }
  | { kind: 'redirected' };

/** Run the portal's passport strategy for this request: start the flow (it redirects) or finish it (tokens). */
function runStrategy(gateway: Gateway, portal: Portal, req: Request, res: Response): Promise<Outcome> {
  return new Promise((resolve) => {
    const handler = gateway.portals.passport.authenticate(
      portal.strategyName,
      { session: false },
      (err: unknown, user: Tokens | false, info: { message?: string; error?: string } | undefined) => {
        if (err) resolve({ kind: 'error', error: err });
        else if (!user) resolve({ kind: 'fail', info });
        else resolve({ kind: 'tokens', tokens: user });
      },
    );
    res.once('finish', () => resolve({ kind: 'redirected' }));
    (handler as (req: Request, res: Response, next: NextFunction) => void)(req, res, (err?: unknown) =>
      resolve({ kind: 'error', error: err }),
    );
  });
}

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

/** The directory look-up a portal's linking claim gives. */
function lookupFor(portal: Portal, claims: IDToken): PersonLookup {
  const { linkBy, nationalIdClaim, issuer } = portal.config;
  if (linkBy === 'sub') return { by: 'subject', issuer, subject: claims.sub };
  if (linkBy === 'email') {
    if (typeof claims.email !== 'string' || !claims.email) throw signInFailed('SSO_CLAIM_MISSING', '入口網沒有提供您的電子郵件。');
    // Only an address the portal says it verified links to a person: a claim without email_verified is not that.
    if (claims.email_verified !== true) throw emailUnverified();
    return { by: 'email', email: claims.email.toLowerCase() };
  }
  const nationalId = claims[nationalIdClaim];
  if (typeof nationalId !== 'string' || !/^[A-Za-z][1289]\d{8}$/.test(nationalId))
    throw signInFailed('SSO_CLAIM_MISSING', '入口網沒有提供有效的身分證字號。');
  return { by: 'national-id', nationalId: nationalId.toUpperCase() };
}

function allowedAgency(portal: Portal, person: PersonSummary): boolean {
  return portal.config.agencies.includes('*') || portal.config.agencies.includes(person.agencyId);
}

/**
 * After a failed callback: nothing half-done. The pending sign-in (where to
 * go, the strategy's state, nonce and verifier) is dropped. A browser that
 * is signed in keeps its session: a callback anyone can make it request
 * (a replayed or forged one, by a link or a redirect from any site) must not
 * sign it out. Any other session is thrown away with its cookie.
 */
async function abandonSignIn(gateway: Gateway, req: Request, res: Response, portal: Portal): Promise<void> {
  const session = req.session as (typeof req.session & Record<string, unknown>) | undefined;
  if (!session) return;
  if (session.person) {
    delete session.pendingSignIn;
    delete session[portal.sessionKey];
    return;
  }
  await regenerate(req).catch(() => undefined);
  res.clearCookie(gateway.cookieNames.session, { path: '/', httpOnly: true, secure: gateway.secureCookies, sameSite: 'lax' });
}

/**
 * Single sign-on: `/sso/<portal>?return_to=/path` starts the authorization
 * code flow (PKCE S256, state, nonce) and `/sso/<portal>/callback` finishes
 * it. A failure leaves no sign-in half-done (see abandonSignIn) and is
 * audited; a session already signed in stays.
 */
export function ssoRoutes(gateway: Gateway): Router {
  const router = createRouter();
  const { config, portals, access, sessions, audit, rateLimits, clock } = gateway;

  router.get('/sso/:portal', async (req, res) => {
    const portal = portals.get(String(req.params.portal));
    requestState(req).portal = portal.config.id;
    const returnTo = safeReturnTo(req.query.return_to, config.PUBLIC_URL);
    if (!returnTo) throw returnToInvalid();
    await rateLimits.signIn(networkOf(req).address);
    if (req.session.person) return res.redirect(303, returnTo);
    await portal.configuration().catch((err: unknown) => Promise.reject(ssoError(err)));
    req.session.pendingSignIn = { portal: portal.config.id, returnTo, startedAt: clock.now() };
    // Stored before the browser is sent to the portal: with the session store down, the answer is 503
    // here rather than a trip to the portal that cannot come back.
    await save(req);
    const outcome = await runStrategy(gateway, portal, req, res);
    if (outcome.kind === 'error') throw ssoError(outcome.error);
  });

  router.get('/sso/:portal/callback', async (req, res) => {
    const portal = portals.get(String(req.params.portal));
    requestState(req).portal = portal.config.id;
    // Set once the new session exists: from then on a failure must not leave it signed in.
    let signingIn = false;
    try {
      const pending = req.session.pendingSignIn;
      if (!pending || pending.portal !== portal.config.id || clock.now() - pending.startedAt > config.SSO_PENDING_TTL_SECONDS * 1000)
        throw stateInvalid();
      const configuration = await portal.configuration().catch((err: unknown) => Promise.reject(ssoError(err)));
      const outcome = await runStrategy(gateway, portal, req, res);
      if (outcome.kind === 'redirected') return;
      if (outcome.kind === 'error') throw ssoError(outcome.error);
      if (outcome.kind === 'fail') {
        if (outcome.info?.error === 'access_denied') throw signInFailed('SSO_ACCESS_DENIED', '您在入口網取消了登入。');
        throw stateInvalid();
      }
      // The ID token's claims serve the look-up below; neither they nor the token are kept.
      const claims = outcome.tokens.claims();
      if (!claims) throw signInFailed('SSO_TOKEN_INVALID', '入口網沒有提供身分憑證（ID token）。');
      // openid-client checks exp (and nbf) but not an iat in the future; such a token is refused with the same tolerance.
      if (claims.iat > Math.floor(Date.now() / 1000) + portal.clockTolerance(configuration)) throw tokenNotYetValid();

      const person = await access.linkedPerson(lookupFor(portal, claims));
      requestState(req).personId = person.id;
      access.checkActive(person);
      if (!allowedAgency(portal, person)) throw agencyNotAllowed(portal.config.name, person.agencyName);

      // A new session id for the signed-in session: whatever id the browser had before is worthless now.
      await regenerate(req);
      signingIn = true;
      const network = networkOf(req);
      const signedIn: SignedInPerson = {
        id: person.id,
        name: person.name,
        agencyId: person.agencyId,
        portal: portal.config.id,
        subject: claims.sub,
        ...(typeof claims.sid === 'string' ? { opSessionId: claims.sid } : {}),
        signedInAt: clock.now(),
        address: network.address,
        zone: network.zone,
      };
      req.session.person = signedIn;
      req.session.lastSeenAt = signedIn.signedInAt;
      // Registered (for back-channel logout and ending a person's sessions) before it is stored: a session the
      // registry does not know would outlive every way of ending it but its timeout.
      await sessions.register(req.sessionID, signedIn);
      await save(req);
      await audit.record(
        auditFor(req, { type: 'sign-in', personId: person.id, portal: portal.config.id, detail: { agencyId: person.agencyId } }),
      );
      res.redirect(303, pending.returnTo);
    } catch (error) {
      // A sign-in that did not complete leaves no signed-in session behind (abandonSignIn keeps only one that was signed in before).
      if (signingIn && req.session) delete req.session.person;
      if (!res.headersSent) await abandonSignIn(gateway, req, res, portal);
      throw error;
    }
  });

  // RP-initiated logout: end the session here, then send the browser to the portal to end it there too.
  router.post('/logout', async (req, res) => {
    gateway.csrf.check(req);
    const person = req.session.person;
    let redirect = '/signed-out';
    if (person) {
      const portal = portals.all.find((p) => p.config.id === person.portal);
      const endSession = await portal?.endSessionUrl(`${config.PUBLIC_URL}/signed-out`).catch(() => undefined);
      if (endSession) redirect = endSession;
      await sessions.unregister(req.sessionID, person);
      await sessions.endOne(req.sessionID, 'signed-out');
      await audit.record(auditFor(req, { type: 'sign-out', personId: person.id, portal: person.portal }));
    }
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(gateway.cookieNames.session, { path: '/', httpOnly: true, secure: gateway.secureCookies, sameSite: 'lax' });
    res.clearCookie(gateway.cookieNames.csrf, { path: '/', httpOnly: true, secure: gateway.secureCookies, sameSite: 'strict' });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ redirect });
  });

  return router;
}

/**
 * Back-channel logout: the portal tells us, server to server, that a person
 * signed out there. Authenticated by the logout token's signature only (no
 * session, no CSRF, any network zone); each token is accepted once.
 */
export function backchannelLogoutRoute(gateway: Gateway): Router {
  const router = createRouter();
  router.post('/sso/:portal/backchannel-logout', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const portal = gateway.portals.get(String(req.params.portal));
    requestState(req).portal = portal.config.id;
    const token = (req.body as Record<string, unknown> | undefined)?.logout_token;
    if (typeof token !== 'string' || token === '') throw logoutTokenInvalid('缺少 logout_token');
    const claims = await portal.verifyLogoutToken(token);
    if (claims.jti && !(await gateway.sessions.claimLogoutToken(portal.config.id, claims.jti, 600)))
      throw logoutTokenInvalid('此登出憑證已使用過');
    const ended = await gateway.sessions.endPortalSessions(portal.config.id, claims, 'portal-logout');
    await gateway.audit.record(
      auditFor(req, {
        type: 'sessions-ended',
        portal: portal.config.id,
        reason: 'portal-logout',
        detail: { sessions: ended, by: claims.sid ? 'sid' : 'sub' },
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end();
  });
  return router;
}
