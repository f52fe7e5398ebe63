import { expect } from 'chai';
import { SignJWT, importJWK } from 'jose';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { Browser, formsOf } from './support/browser.ts';
import { loginUntilCallback, problemCode, signIn, signedIn, submitLogin, toLoginPage } from './support/flows.ts';
import { CLIENT_SECRET, NETWORK, startWorld } from './support/world.ts';
import type { AuditEntry } from '../src/audit.ts';
import { RedisSessionStore } from '../src/session/store.ts';

describe('single sign-on through a portal (OpenID Connect code flow with the development identity provider)', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let url: string;

  before(async () => {
    world = await startWorld();
    url = world.gateway.url;
  });

  after(() => world.close());

  const audit = (filter: Record<string, unknown>) =>
    world.gateway.gateway.audit.model.find(filter).sort({ at: -1 }).lean<AuditEntry[]>().exec();

  it('takes the tile deep link through the portal sign-in and lands on that page, signed in', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page, hops: toLogin } = await toLoginPage(browser, url, { returnTo: '/leave/apply' });
    const authorize = new URL(toLogin[0]!.header('location')!);
    expect(authorize.origin).to.equal(world.idp.issuer);
    expect(authorize.searchParams.get('response_type')).to.equal('code');
    expect(authorize.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(authorize.searchParams.get('code_challenge')).to.match(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).to.match(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).to.match(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).to.equal(`${url}/sso/kh-edu/callback`);
    expect(page.body).to.contain('陳怡君').and.contain('教師：從教育入口網磚塊進入');

    const { final, hops } = await submitLogin(browser, page, 'teacher');
    const callback = hops.find((h) => h.url.startsWith(`${url}/sso/kh-edu/callback`))!;
    expect(callback.status).to.equal(303);
    expect(callback.header('location')).to.equal('/leave/apply');
    expect(final.url).to.equal(`${url}/leave/apply`);
    expect(final.status).to.equal(200);
    expect(final.body).to.match(/\/assets\/app-[\w-]+\.js/);

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read field by field
    const me = (await browser.request(`${url}/api/me`)).json<Record<string, any>>();
    expect(me).to.deep.include({ name: '陳怡君', entitled: true, status: 'active' });
    expect(me.agency).to.deep.equal({ id: 'KH-GUANGHUA-ES', name: '高雄市立光華國民小學' });
    expect(me.unit.name).to.equal('教務處');
    expect(me.apps).to.deep.equal(['webitr-edu']);
    expect(me.roles).to.deep.equal([{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }]);
    expect(me.portal).to.deep.equal({ id: 'kh-edu', name: '高雄市教育局資訊服務入口' });
    expect(me.network).to.deep.equal({ zone: 'vpn', zones: ['vpn', 'intranet'], address: NETWORK.vpnClient });
    expect(me.csrfToken).to.be.a('string').with.length.above(40);

    const [entry] = await audit({ type: 'sign-in', personId: me.id });
    expect(entry).to.include({ portal: 'kh-edu', address: NETWORK.vpnClient, zone: 'vpn' });
    expect(entry!.at).to.be.instanceOf(Date);
  });

  it('sets a __Host- session cookie: HttpOnly, Secure, SameSite=Lax, Path=/, no Domain; a new id at sign-in', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page, hops } = await toLoginPage(browser, url);
    const before = (hops[0]!.headers['set-cookie'] as string[]).find((c) => c.startsWith('__Host-webitr.sid='))!;
    const { hops: back } = await submitLogin(browser, page, 'teacher');
    const after = (back.find((h) => h.url.includes('/callback'))!.headers['set-cookie'] as string[]).find((c) =>
      c.startsWith('__Host-webitr.sid='),
    )!;
    for (const cookie of [before, after]) {
      expect(cookie)
        .to.match(/; Path=\//)
        .and.match(/; HttpOnly/)
        .and.match(/; Secure/)
        .and.match(/; SameSite=Lax/);
      expect(cookie).to.not.match(/Domain=/i);
    }
    const preSignIn = before.split(';')[0]!;
    expect(after.split(';')[0]).to.not.equal(preSignIn);
    // The id the browser had before signing in is worth nothing now.
    const stale = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/me`, { headers: { cookie: preSignIn } });
    expect(stale.status).to.equal(401);
  });

  it('gives /api/me the roles the directory grants and derives (差勤管理者, 單位主管), scoped to the agency', async () => {
    const personnel = await signedIn(url, 'personnel');
    expect(personnel.me.roles).to.have.deep.members([
      { role: 'employee', agencyId: 'KH-GUANGHUA-ES' },
      // Granted; and derived: she heads 人事室.
      { role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' },
      { role: 'unit-supervisor', agencyId: 'KH-GUANGHUA-ES' },
    ]);
    const director = await signedIn(url, 'director');
    expect(director.me.roles).to.deep.include({ role: 'unit-supervisor', agencyId: 'KH-GUANGHUA-ES' });
    expect(director.me.roles).to.not.deep.include({ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' });
  });

  it('signs in through a portal that links by national ID (the Taipei employee portal)', async () => {
    const { me } = await signedIn(url, 'staff', { portal: 'tp-isw' });
    expect(me).to.include({ name: '張雅婷' });
    expect((me as unknown as { agency: { id: string } }).agency.id).to.equal('TP-DOIT');
  });

  it('refuses a return_to that leaves the site (RETURN_TO_INVALID), before any redirect to the portal', async () => {
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n'),
      'leave/apply',
      '/sso/kh-edu',
    ]) {
      const browser = Browser.behindProxy(NETWORK.vpnClient);
      const answer = await browser.request(`${url}/sso/kh-edu?return_to=${encodeURIComponent(returnTo)}`, {
        headers: { accept: 'text/html' },
      });
      expect(answer.status, returnTo).to.equal(400);
      expect(problemCode(answer), returnTo).to.equal('RETURN_TO_INVALID');
      expect(answer.header('location'), returnTo).to.equal(undefined);
      expect(answer.headers['set-cookie'] ?? [], returnTo).to.have.length(0);
    }
  });

  // Values whose normalised form (dot segments resolved, as a browser and the URL parser do) is `//evil.example`,
  // a backslash, an encoded slash or backslash, or a control character.
  const HOSTILE_RETURN_TO = [
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/..//evil.example',
    '/.%2e//evil.example',
    '/leave/../..//evil.example/x',
    '/./\\evil.example',
    '/%5cevil.example',
    '/%5C%5Cevil.example',
    '/.//%5cevil.example',
    '/%2f%2fevil.example',
    '/%2F/evil.example',
    '/\t/evil.example',
    '/.\n//evil.example',
    '/%09/evil.example',
    '/%0d%0aLocation:%20//evil.example',
    '/./sso/kh-edu',
    '/%2e/API/me',
  ];

  it('refuses a return_to whose normalised path leaves the site (RETURN_TO_INVALID): dot segments, encoded slashes and backslashes, tabs and newlines', async () => {
    // The issue's own request, as sent.
    const raw = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/sso/kh-edu?return_to=%2F.%2F%2Fevil.example`, {
      headers: { accept: 'text/html' },
    });
    expect(raw.status).to.equal(400);
    expect(raw.header('location')).to.equal(undefined);
    for (const returnTo of HOSTILE_RETURN_TO) {
      const answer = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/sso/kh-edu?return_to=${encodeURIComponent(returnTo)}`, {
        headers: { accept: 'text/html' },
      });
      expect(answer.status, JSON.stringify(returnTo)).to.equal(400);
      expect(problemCode(answer), JSON.stringify(returnTo)).to.equal('RETURN_TO_INVALID');
      expect(answer.header('location'), JSON.stringify(returnTo)).to.equal(undefined);
    }
  });

  it('refuses the same return_to values to a browser already signed in (no redirect anywhere)', async () => {
    const { browser } = await signedIn(url, 'teacher');
    for (const returnTo of HOSTILE_RETURN_TO) {
      const answer = await browser.request(`${url}/sso/kh-edu?return_to=${encodeURIComponent(returnTo)}`, {
        headers: { accept: 'text/html' },
      });
      expect(answer.status, JSON.stringify(returnTo)).to.equal(400);
      expect(answer.header('location'), JSON.stringify(returnTo)).to.equal(undefined);
    }
    expect((await browser.request(`${url}/api/me`)).status).to.equal(200);
    // A harmless one is sent as its normalised form.
    const fine = await browser.request(`${url}/sso/kh-edu?return_to=${encodeURIComponent('/a/../leave/./apply?x=%2F%2Fy#top')}`, {
      headers: { accept: 'text/html' },
    });
    expect(fine.status).to.equal(303);
    expect(fine.header('location')).to.equal('/leave/apply?x=%2F%2Fy#top');
  });

  it('sends the browser, after a full sign-in, to the normalised path it checked, on this site', async () => {
    for (const [returnTo, expected] of [
      ['/a/../leave/./apply', '/leave/apply'],
      ['/%2e/leave/%2E%2E/leave/requests?status=pending#top', '/leave/requests?status=pending#top'],
      ['/leave/apply?next=//evil.example', '/leave/apply?next=//evil.example'],
    ]) {
      const browser = Browser.behindProxy(NETWORK.vpnClient);
      const { page } = await toLoginPage(browser, url, { returnTo });
      const { hops, final } = await submitLogin(browser, page, 'teacher');
      const callback = hops.find((h) => h.url.startsWith(`${url}/sso/kh-edu/callback`))!;
      expect(callback.status, returnTo).to.equal(303);
      expect(callback.header('location'), returnTo).to.equal(expected);
      expect(new URL(callback.header('location')!, url).origin).to.equal(new URL(url).origin);
      expect(final.url).to.equal(`${url}${expected}`);
    }
  });

  it('refuses a forged state (SSO_STATE_INVALID) and keeps no session', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page } = await toLoginPage(browser, url);
    const callback = new URL(await loginUntilCallback(browser, page, 'teacher', url));
    callback.searchParams.set('state', 'forged-by-an-attacker-0123456789');
    const answer = await browser.request(callback.href, { headers: { accept: 'text/html' } });
    expect(answer.status).to.equal(401);
    expect(problemCode(answer)).to.equal('SSO_STATE_INVALID');
    expect(answer.body).to.contain('入口網登入失敗');
    const me = await browser.request(`${url}/api/me`);
    expect(problemCode(me)).to.equal('UNAUTHENTICATED');
  });

  it('refuses a replayed callback, in the same browser or another (SSO_STATE_INVALID)', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page } = await toLoginPage(browser, url);
    const callback = await loginUntilCallback(browser, page, 'teacher', url);
    const first = await browser.request(callback, { headers: { accept: 'text/html' } });
    expect(first.status).to.equal(303);
    const again = await browser.request(callback, { headers: { accept: 'text/html' } });
    // Already signed in: the callback is no sign-in in progress.
    expect(problemCode(again)).to.equal('SSO_STATE_INVALID');
    const attacker = Browser.behindProxy(NETWORK.vpnClient);
    const stolen = await attacker.request(callback, { headers: { accept: 'text/html' } });
    expect(problemCode(stolen)).to.equal('SSO_STATE_INVALID');
    expect((await attacker.request(`${url}/api/me`)).status).to.equal(401);
    // The replay did not sign the browser out: a callback any site can make it request ends nothing.
    expect((await browser.request(`${url}/api/me`)).status).to.equal(200);
  });

  it('leaves a signed-in session alone when a callback fails (replayed, forged, or an error from the portal)', async () => {
    const { browser, me } = await signedIn(url, 'director');
    const cookie = await browser.cookie(url, '__Host-webitr.sid');
    // A stale callback from another sign-in, a forged one, one with an error: each a top-level GET any site can cause.
    const other = Browser.behindProxy(NETWORK.vpnClient);
    const stale = await loginUntilCallback(other, (await toLoginPage(other, url)).page, 'teacher', url);
    for (const callback of [
      stale,
      `${url}/sso/kh-edu/callback?code=forged&state=forged-0123456789`,
      `${url}/sso/kh-edu/callback?error=access_denied&state=x`,
      `${url}/sso/tp-isw/callback?code=x`,
    ]) {
      const answer = await browser.request(callback, { headers: { accept: 'text/html' } });
      expect(answer.status, callback).to.equal(401);
      expect(answer.headers['set-cookie'] ?? [], callback).to.have.length(0);
    }
    expect(await browser.cookie(url, '__Host-webitr.sid')).to.equal(cookie);
    const still = await browser.request(`${url}/api/me`);
    expect(still.status).to.equal(200);
    expect(still.json<{ id: string }>().id).to.equal(me.id);
  });

  it('shows 查無此人員資料 with what to ask the personnel office for a portal account the directory does not know, and keeps no session', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { final } = await signIn(browser, url, 'stranger');
    expect(final.status).to.equal(404);
    expect(final.header('content-type')).to.match(/^text\/html/);
    expect(problemCode(final)).to.equal('PERSON_NOT_FOUND');
    expect(final.body).to.contain('查無此人員資料').and.contain('人事室');
    expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('UNAUTHENTICATED');
    const [entry] = await audit({ type: 'sign-in-refused', reason: 'PERSON_NOT_FOUND' });
    expect(entry).to.include({ portal: 'kh-edu', zone: 'vpn' });
  });

  it('refuses a separated person (PERSON_SEPARATED) and keeps no session', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { final } = await signIn(browser, url, 'separated');
    expect(final.status).to.equal(403);
    expect(problemCode(final)).to.equal('PERSON_SEPARATED');
    expect(final.body).to.contain('您已離職');
    expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('UNAUTHENTICATED');
  });

  it('refuses a person of an agency the portal may not sign in (SSO_AGENCY_NOT_ALLOWED)', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { final } = await signIn(browser, url, 'teacher', { portal: 'tp-isw' });
    expect(final.status).to.equal(403);
    expect(problemCode(final)).to.equal('SSO_AGENCY_NOT_ALLOWED');
    expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('UNAUTHENTICATED');
  });

  it('says so when the person cancels at the portal (SSO_ACCESS_DENIED)', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page } = await toLoginPage(browser, url);
    const abort = formsOf(page.body).find((f) => f.action.endsWith('/abort'))!;
    const { final } = await browser.follow(new URL(abort.action, page.url).href, { form: {}, headers: { accept: 'text/html' } });
    expect(problemCode(final)).to.equal('SSO_ACCESS_DENIED');
  });

  it('refuses an unknown portal (PORTAL_UNKNOWN)', async () => {
    const answer = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/sso/nowhere?return_to=%2F`);
    expect(answer.status).to.equal(400);
    expect(problemCode(answer)).to.equal('PORTAL_UNKNOWN');
  });

  it('signs out here and at the portal (RP-initiated logout), after which the old cookie is refused (SESSION_REVOKED)', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const cookie = (await browser.jar.getCookieString(url)).split('; ').find((c) => c.startsWith('__Host-webitr.sid='))!;
    const noToken = await browser.request(`${url}/logout`, { method: 'POST' });
    expect(problemCode(noToken)).to.equal('CSRF_TOKEN_MISSING');
    const answer = await browser.request(`${url}/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
    expect(answer.status, answer.body).to.equal(200);
    const redirect = new URL(answer.json<{ redirect: string }>().redirect);
    expect(redirect.origin).to.equal(world.idp.issuer);
    expect(redirect.searchParams.get('post_logout_redirect_uri')).to.equal(`${url}/signed-out`);
    // The portal is told which client, not handed the person's ID token.
    expect(redirect.searchParams.get('client_id')).to.equal('webitr-kh-edu');
    expect(redirect.searchParams.has('id_token_hint')).to.equal(false);
    // At the portal: confirm, and come back to the signed-out page.
    const confirm = await browser.request(redirect.href, { headers: { accept: 'text/html' } });
    const form = formsOf(confirm.body)[0]!;
    const { final } = await browser.follow(new URL(form.action, confirm.url).href, {
      form: { ...form.fields, logout: 'yes' },
      headers: { accept: 'text/html' },
    });
    expect(final.url).to.equal(`${url}/signed-out`);
    expect(final.body).to.contain('您已登出差勤系統');
    const replay = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/me`, { headers: { cookie } });
    expect(problemCode(replay)).to.equal('SESSION_REVOKED');
    expect(await audit({ type: 'sign-out', personId: me.id })).to.have.length.above(0);
  });

  it('ends the person’s sessions when the portal sends a back-channel logout (signed out at the portal)', async () => {
    const { browser } = await signedIn(url, 'director');
    // The person signs out at the portal itself; the portal tells every relying party, server to server.
    const end = await browser.request(`${world.idp.issuer}/session/end`, { headers: { accept: 'text/html' } });
    const form = formsOf(end.body)[0]!;
    await browser.follow(new URL(form.action, end.url).href, { form: { ...form.fields, logout: 'yes' }, headers: { accept: 'text/html' } });
    const me = await browser.request(`${url}/api/me`);
    expect(me.status).to.equal(401);
    expect(problemCode(me)).to.equal('SESSION_REVOKED');
    const [entry] = await audit({ type: 'sessions-ended', reason: 'portal-logout' });
    expect(entry!.detail).to.deep.include({ by: 'sid' });
  });

  describe('back-channel logout tokens', () => {
    const logoutToken = async (claims: Record<string, unknown>, options: { key?: Record<string, unknown>; typ?: string } = {}) => {
      const key = options.key ?? world.idp.signingKey;
      const jwt = new SignJWT({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, jti: `j${Math.random()}`, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: String(key.kid), typ: options.typ ?? 'logout+jwt' })
        .setIssuer(world.idp.issuer)
        .setAudience('webitr-kh-edu')
        .setIssuedAt();
      if (claims.iss) jwt.setIssuer(String(claims.iss));
      if (claims.aud) jwt.setAudience(String(claims.aud));
      return jwt.sign(await importJWK(key as never, 'RS256'));
    };
    const post = (token: string) => new Browser().request(`${url}/sso/kh-edu/backchannel-logout`, { form: { logout_token: token } });

    it('accepts a valid token for the portal account (by sub) and ends that person’s sessions', async () => {
      const { browser } = await signedIn(url, 'personnel');
      const answer = await post(await logoutToken({ sub: 'personnel' }));
      expect(answer.status).to.equal(200);
      expect(answer.header('cache-control')).to.equal('no-store');
      expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('SESSION_REVOKED');
    });

    it('refuses tokens that are not valid logout tokens for this client (LOGOUT_TOKEN_INVALID), ending nothing', async () => {
      const { browser } = await signedIn(url, 'school-admin');
      const { generateKeyPair, exportJWK } = await import('jose');
      const stranger = {
        ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)),
        kid: String(world.idp.signingKey.kid),
      };
      const cases: [string, string][] = [
        ['signed by another key', await logoutToken({ sub: 'school-admin' }, { key: stranger })],
        ['for another client', await logoutToken({ sub: 'school-admin', aud: 'webitr-tp-isw-other' })],
        ['from another issuer', await logoutToken({ sub: 'school-admin', iss: 'https://evil.example' })],
        ['without the logout event', await logoutToken({ sub: 'school-admin', events: {} })],
        ['with a nonce (an ID token)', await logoutToken({ sub: 'school-admin', nonce: 'n' })],
        ['without sub or sid', await logoutToken({})],
        ['typed as something else', await logoutToken({ sub: 'school-admin' }, { typ: 'at+jwt' })],
        ['not a JWT at all', 'not-a-token'],
      ];
      for (const [what, token] of cases) {
        const answer = await post(token);
        expect(answer.status, what).to.equal(400);
        expect(problemCode(answer), what).to.equal('LOGOUT_TOKEN_INVALID');
      }
      expect((await post('')).status).to.equal(400);
      expect((await browser.request(`${url}/api/me`)).status).to.equal(200);
    });

    it('accepts a token once (LOGOUT_TOKEN_INVALID on replay)', async () => {
      const token = await logoutToken({ sub: 'nobody-signed-in', jti: 'once-only' });
      expect((await post(token)).status).to.equal(200);
      const replay = await post(token);
      expect(replay.status).to.equal(400);
      expect(problemCode(replay)).to.equal('LOGOUT_TOKEN_INVALID');
    });
  });

  it('keeps no ID token and no national ID in the session or the logout redirect of a portal that links by national ID, and logout still ends the portal session', async () => {
    const nationalId = DEMO_ACCOUNTS.find((a) => a.username === 'staff')!.nationalId;
    const { browser, me } = await signedIn(url, 'staff', { portal: 'tp-isw' });
    const sid = decodeURIComponent((await browser.cookie(url, '__Host-webitr.sid'))!)
      .slice(2)
      .split('.')[0]!;
    const stored = await world.gateway.runtime.redis.get(RedisSessionStore.key(sid));
    expect(stored).to.be.a('string');
    // Of the portal's side, what back-channel logout needs: the portal, the account, the portal session.
    const person = (JSON.parse(stored!) as { person: Record<string, unknown> }).person;
    expect(person).to.include({ id: me.id, portal: 'tp-isw', subject: 'staff' });
    expect(person['opSessionId']).to.be.a('string');
    expect(person).to.not.have.any.keys('idToken', 'id_token', 'claims', 'nationalId');
    expect(revealed(stored!)).to.not.match(nationalIdIn(nationalId));
    expect(stored).to.not.match(JWT);

    const answer = await browser.request(`${url}/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
    expect(answer.status, answer.body).to.equal(200);
    const { redirect } = answer.json<{ redirect: string }>();
    expect(redirect).to.not.match(JWT);
    expect(revealed(decodeURIComponent(redirect))).to.not.match(nationalIdIn(nationalId));
    const end = new URL(redirect);
    expect(end.origin).to.equal(world.idp.issuer);
    expect(Object.fromEntries(end.searchParams)).to.deep.equal({
      client_id: 'webitr-tp-isw',
      post_logout_redirect_uri: `${url}/signed-out`,
    });
    // The portal asks, ends its session, and sends the browser back.
    const confirm = await browser.request(redirect, { headers: { accept: 'text/html' } });
    const form = formsOf(confirm.body)[0]!;
    const { final } = await browser.follow(new URL(form.action, confirm.url).href, {
      form: { ...form.fields, logout: 'yes' },
      headers: { accept: 'text/html' },
    });
    expect(final.url).to.equal(`${url}/signed-out`);
    expect((await browser.request(`${url}/api/me`)).status).to.equal(401);
    // Signed out at the portal too: the next sign-in asks for the account again instead of passing straight through.
    const { page } = await toLoginPage(browser, url, { portal: 'tp-isw' });
    expect(page.url).to.match(new RegExp(`^${world.idp.issuer}/interaction/`));
  });

  it('keeps the client secret between the gateway and the portal: nothing the browser receives while signing in, or from the gateway’s API, contains it', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { page, hops: there } = await toLoginPage(browser, url);
    const { hops: back } = await submitLogin(browser, page, 'teacher');
    const api = await Promise.all(['/api/me', '/api/portals', '/'].map((path) => browser.request(`${url}${path}`)));
    const seen = [...there, page, ...back, ...api];
    expect(seen.filter((a) => a.url.startsWith(url)).length).to.be.above(4);
    for (const answer of seen) {
      expect(JSON.stringify(answer.headers) + answer.body, answer.url).to.not.contain(CLIENT_SECRET);
      expect(JSON.stringify(answer.headers) + answer.body, answer.url).to.not.contain(
        Buffer.from(`webitr-kh-edu:${CLIENT_SECRET}`).toString('base64'),
      );
    }
  });
});

/** A JWT (an ID token, say) anywhere in a text. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/;
/** A text with the payloads of the JWTs in it decoded: personal data hides in base64url too. */
const revealed = (text: string) =>
  [text, ...[...text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\./g)].map((m) => Buffer.from(m[1]!, 'base64url').toString())].join('\n');
const nationalIdIn = (id: string) => new RegExp(id, 'i');
