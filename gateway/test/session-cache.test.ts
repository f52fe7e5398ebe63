import { once } from 'node:events';
import { expect } from 'chai';
import { importJWK, SignJWT } from 'jose';
import { gatewayClients } from '@webitr/dev-identity-provider';
import type { DevIdpAccount } from '@webitr/dev-identity-provider';
import { TcpProxy, eventually, hostPort, testUris } from '@webitr/testkit';
import { Browser } from './support/browser.ts';
import type { Answer } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import {
  NETWORK,
  STRANGER,
  freshNationalId,
  logger,
  portalConfigs,
  startEchoService,
  startIdp,
  startTestGateway,
  startWorld,
} from './support/world.ts';
import type { EchoService, IdpHandle, TestGateway } from './support/world.ts';
import type { Invalidation } from '../src/session/invalidations.ts';
import { Invalidations } from '../src/session/invalidations.ts';
import { SessionRegistry } from '../src/session/sessions.ts';
import { RedisSessionStore, sessionKey } from '../src/session/store.ts';

const cookieName = '__Host-webitr.sid';
const sidOf = async (browser: Browser, url: string) =>
  decodeURIComponent((await browser.cookie(url, cookieName))!)
    .slice(2)
    .split('.')[0]!;

/**
 * Calls until `gateway`'s cache holds the session, each call answered 200. A read that an invalidation overtakes —
 * any invalidation, e.g. the sign-in's own (the pre-sign-in session's deletion, echoed back by Redis a moment
 * later) — leaves the cache unfilled by design, which is a miss, not a failure: the next call fills it.
 */
async function untilCached(gateway: TestGateway, key: string, call: () => Promise<Answer>): Promise<void> {
  await eventually(async () => {
    expect((await call()).status).to.equal(200);
    return gateway.gateway.sessionCache.get(key) ? true : undefined;
  }, 'the session in the gateway’s cache');
}

/**
 * Resolves when `gateway` hears an invalidation `match` accepts (from Redis, or its own): a wait on the message,
 * bounded so that a message that never comes fails the test instead of hanging it.
 */
function heard(gateway: TestGateway, match: (invalidation: Invalidation) => boolean, what: string): Promise<void> {
  const bus = gateway.gateway.invalidations;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      bus.off('invalidation', listener);
      reject(new Error(`${what}: not heard within 10 s`));
    }, 10_000);
    const listener = (invalidation: Invalidation) => {
      if (!match(invalidation)) return;
      clearTimeout(timer);
      bus.off('invalidation', listener);
      resolve();
    };
    bus.on('invalidation', listener);
  });
}
const sessionEnded = (key: string) => (i: Invalidation) => i.kind === 'session' && i.key === key;
const personChanged = (personId: string) => (i: Invalidation) => i.kind === 'person' && i.personId === personId;

/** Portal accounts of people this file adds to the directory (their status and apps change here, nobody else's). */
const account = (username: string, name: string): DevIdpAccount => ({
  username,
  password: 'demo',
  name,
  email: `${username}@guanghua.demo`,
  nationalId: freshNationalId(),
});
const REVOKED = account('cache-revoked', '撤權甲');
const SUSPENDED = account('cache-suspended', '留停乙');
const SEPARATED = account('cache-separated', '離職丙');

describe('sessions cached in each gateway instance, ended everywhere at once (two instances sharing Redis)', function () {
  this.timeout(120_000);
  let idp: IdpHandle;
  let a: TestGateway;
  let b: TestGateway;
  let leave: EchoService;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  before(async () => {
    idp = await startIdp([STRANGER, REVOKED, SUSPENDED, SEPARATED]);
    leave = await startEchoService('leave');
    const portals = portalConfigs(idp.issuer);
    [a, b] = await Promise.all([
      startTestGateway({ portals, services: { LEAVE_URL: leave.url } }),
      startTestGateway({ portals, services: { LEAVE_URL: leave.url } }),
    ]);
    // People sign in through A; B serves the same sessions (cookies are per host, not per port).
    idp.attach(gatewayClients(a!.url, portals));
    admin = await signedIn(a!.url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    for (const person of [REVOKED, SUSPENDED, SEPARATED]) {
      const added = await admin.browser.request(`${a!.url}/api/directory/agencies/KH-GUANGHUA-ES/people`, {
        method: 'POST',
        json: { nationalId: person.nationalId, name: person.name, email: person.email, jobCategory: '教師' },
        headers: { 'x-csrf-token': admin.me.csrfToken },
      });
      expect(added.status, added.body).to.equal(201);
    }
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await idp?.close();
    await leave?.server.close(1_000);
  });

  /**
   * Signed in on A; one call through B, so B has the session in its cache. The calls to B send the session's
   * cookie as it was (another tab, or someone who copied it): a sign-out clears it from this browser's jar.
   */
  async function cachedOnB(username: string) {
    const person = await signedIn(a.url, username);
    const key = sessionKey(await sidOf(person.browser, a.url));
    const cookie = `${cookieName}=${(await person.browser.cookie(a.url, cookieName))!}`;
    const holder = Browser.behindProxy(NETWORK.vpnClient);
    const call = () => holder.request(`${b.url}/api/leave/balances`, { headers: { cookie } });
    await untilCached(b, key, call);
    expect(b.gateway.sessionCache.get(key)?.person.id, 'B keeps the session').to.equal(person.me.id);
    return { ...person, key, call };
  }

  /** The next call through B is refused with `code`, and the service never sees it. */
  async function refusedOnB(call: () => Promise<Answer>, code: string) {
    const seen = leave.seen.length;
    const answer = await call();
    expect(problemCode(answer), answer.body.slice(0, 200)).to.equal(code);
    expect(leave.seen.length).to.equal(seen);
    return answer;
  }

  it('are served from the cache: a session deleted in Redis without a word is still served by B for a few seconds', async () => {
    // What the invalidations are for: without one, B would not know. (Every way of ending a session publishes one.)
    const { key, call, browser } = await cachedOnB('teacher');
    await b.runtime.redis.del(RedisSessionStore.key(await sidOf(browser, a.url)));
    expect((await call()).status).to.equal(200);
    b.gateway.sessionCache.forget(key);
    // Gone without a tombstone: the gateway can only say it has expired.
    expect(problemCode(await call())).to.equal('SESSION_EXPIRED');
  });

  it('a sign-out on A: the next request on B is refused (SESSION_REVOKED)', async () => {
    const { browser, me, key, call } = await cachedOnB('teacher');
    const bHears = heard(b, sessionEnded(key), 'the sign-out');
    const out = await browser.request(`${a.url}/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
    expect(out.status, out.body).to.be.oneOf([200, 303]);
    await bHears;
    await refusedOnB(call, 'SESSION_REVOKED');
  });

  it('登出所有裝置 on A: every session of the person, on B too', async () => {
    const first = await cachedOnB('director');
    const second = await cachedOnB('director');
    const bHears = Promise.all([heard(b, sessionEnded(first.key), 'the first'), heard(b, sessionEnded(second.key), 'the second')]);
    const end = await first.browser.request(`${a.url}/api/me/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': first.me.csrfToken },
    });
    expect(end.json<{ ended: number }>().ended).to.be.at.least(2);
    await bHears;
    await refusedOnB(first.call, 'SESSION_REVOKED');
    await refusedOnB(second.call, 'SESSION_REVOKED');
  });

  it('an administrator on A ends a person’s sessions: refused on B', async () => {
    const { key, call, me } = await cachedOnB('personnel');
    const bHears = heard(b, sessionEnded(key), 'the administrator’s end');
    const end = await admin.browser.request(`${a.url}/api/admin/people/${me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(end.status, end.body).to.equal(200);
    await bHears;
    await refusedOnB(call, 'SESSION_REVOKED');
  });

  it('the portal’s back-channel logout reaching A: refused on B', async () => {
    const { key, call } = await cachedOnB('principal');
    const bHears = heard(b, sessionEnded(key), 'the back-channel logout');
    const token = await new SignJWT({
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      jti: `j${Math.random()}`,
      sub: 'principal',
    })
      .setProtectedHeader({ alg: 'RS256', kid: String(idp.signingKey.kid), typ: 'logout+jwt' })
      .setIssuer(idp.issuer)
      .setAudience('webitr-kh-edu')
      .setIssuedAt()
      .sign(await importJWK(idp.signingKey as never, 'RS256'));
    const answer = await new Browser().request(`${a.url}/sso/kh-edu/backchannel-logout`, { form: { logout_token: token } });
    expect(answer.status, answer.body).to.equal(200);
    await bHears;
    await refusedOnB(call, 'SESSION_REVOKED');
  });

  it('the app revoked in the directory: refused on B (APP_NOT_GRANTED)', async () => {
    const { me, key, call } = await cachedOnB(REVOKED.username);
    const bHears = heard(b, personChanged(me.id), 'the revocation');
    const revoke = await admin.browser.request(`${a.url}/api/directory/people/${me.id}/apps/webitr-edu`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(revoke.status, revoke.body).to.equal(200);
    await bHears;
    expect(b.gateway.sessionCache.get(key), 'dropped with the person').to.equal(undefined);
    await refusedOnB(call, 'APP_NOT_GRANTED');
  });

  for (const [change, person, code] of [
    ['suspend', SUSPENDED, 'PERSON_SUSPENDED'],
    ['separate', SEPARATED, 'PERSON_SEPARATED'],
  ] as const) {
    it(`the person ${change === 'suspend' ? 'suspended (留職停薪)' : 'separated (離職)'} in the directory: refused on B (${code}), and every session ended`, async () => {
      const { me, call } = await cachedOnB(person.username);
      const bHears = heard(b, personChanged(me.id), `the ${change}`);
      const answer = await admin.browser.request(`${a.url}/api/directory/people/${me.id}/${change}`, {
        method: 'POST',
        json: { reason: change === 'suspend' ? '育嬰留職停薪' : '辭職' },
        headers: { 'x-csrf-token': admin.me.csrfToken },
      });
      expect(answer.status, answer.body).to.equal(200);
      await bHears;
      await refusedOnB(call, code);
      await refusedOnB(call, 'SESSION_REVOKED');
    });
  }

  it('records activity in Redis at most once a minute per session, whichever instance serves it', async () => {
    const { browser, call } = await cachedOnB('teacher');
    const key = RedisSessionStore.key(await sidOf(browser, a.url));
    const lastSeen = async () => (JSON.parse((await a.runtime.redis.get(key))!) as { lastSeenAt?: number }).lastSeenAt;
    const before = await lastSeen();
    for (let i = 0; i < 5; i += 1) {
      expect((await call()).status).to.equal(200);
      expect((await browser.request(`${a.url}/api/leave/balances`)).status).to.equal(200);
    }
    expect(await lastSeen()).to.equal(before);
  });
});

describe('the invalidation channel cut (its own connection through a TCP proxy)', function () {
  this.timeout(60_000);
  let proxy: TcpProxy;
  let up = false;
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;
  let url: string;

  before(async () => {
    proxy = new TcpProxy(hostPort(testUris().redis, 6379));
    const port = await proxy.start();
    up = true;
    leave = await startEchoService('leave');
    world = await startWorld({
      services: { LEAVE_URL: leave.url },
      gateway: { invalidationRedis: { host: '127.0.0.1', port } },
    });
    url = world.gateway.url;
    expect(world.gateway.gateway.invalidations.live).to.equal(true);
  });

  after(async () => {
    if (!up) await proxy.start();
    await world?.close();
    await leave?.server.close(1_000);
    await proxy.stop();
  });

  const call = (browser: Browser) => browser.request(`${url}/api/leave/balances`);
  /** Deleted in Redis with no message at all: what a message lost in an outage would look like. */
  const deleteSilently = async (browser: Browser) => world.gateway.runtime.redis.del(RedisSessionStore.key(await sidOf(browser, url)));

  it('while live, the cache is used (a silent deletion goes unnoticed for a few seconds); cut, every request reads Redis and a revoked session is refused at once; back, the cache is used again', async () => {
    const invalidations = world.gateway.gateway.invalidations;
    const control = await signedIn(url, 'teacher');
    await untilCached(world.gateway, sessionKey(await sidOf(control.browser, url)), () => call(control.browser));
    await deleteSilently(control.browser);
    expect((await call(control.browser)).status, 'served from the cache').to.equal(200);

    const lost = once(invalidations, 'lost');
    await proxy.stop();
    up = false;
    await lost;
    expect(invalidations.live).to.equal(false);

    // Requests still work: the session is read from Redis (the session connection is not cut)…
    const { browser } = await signedIn(url, 'personnel');
    for (let i = 0; i < 3; i += 1) expect((await call(browser)).status, `call ${i + 1}`).to.equal(200);
    expect(world.gateway.gateway.sessionCache.size).to.equal(0);
    // …every time: deleted without a word, the session is gone on the very next request.
    await deleteSilently(browser);
    expect(problemCode(await call(browser))).to.equal('SESSION_EXPIRED');

    // Ended by another instance, whose message this one cannot hear: refused at once.
    const other = await signedIn(url, 'director');
    expect((await call(other.browser)).status).to.equal(200);
    const elsewhere = new SessionRegistry(world.gateway.runtime.redis, {
      keepSeconds: 3_600,
      invalidations: new Invalidations(world.gateway.runtime.redis, logger),
    });
    await elsewhere.endOne(await sidOf(other.browser, url), 'ended-by-admin');
    const seen = leave.seen.length;
    expect(problemCode(await call(other.browser))).to.equal('SESSION_REVOKED');
    expect(leave.seen.length).to.equal(seen);

    const live = once(invalidations, 'live');
    await proxy.start();
    up = true;
    await live;
    const again = await signedIn(url, 'teacher');
    await untilCached(world.gateway, sessionKey(await sidOf(again.browser, url)), () => call(again.browser));
    await deleteSilently(again.browser);
    expect((await call(again.browser)).status, 'served from the cache again').to.equal(200);
  });
});

describe('one assertion per session, service and network context, through the gateway', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;
  let url: string;

  before(async () => {
    leave = await startEchoService('leave');
    world = await startWorld({ services: { LEAVE_URL: leave.url } });
    url = world.gateway.url;
  });

  after(async () => {
    await world?.close();
    await leave?.server.close(1_000);
  });

  const payloadOf = (token: unknown) =>
    JSON.parse(Buffer.from(String(token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  it('is reused within its window, and replaced when the zone, the address or the roles change', async () => {
    const admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    const { browser, me } = await signedIn(url, 'teacher');
    const tokenFrom = async (address?: string) => {
      const answer = await browser.request(`${url}/api/leave/balances`, address ? { headers: { 'x-forwarded-for': address } } : {});
      expect(answer.status, answer.body).to.equal(200);
      return leave.seen.at(-1)!.headers['x-webitr-assertion'] as string;
    };
    const vpn = await tokenFrom();
    expect(await tokenFrom(), 'reused').to.equal(vpn);
    expect(payloadOf(vpn)).to.include({ zone: 'vpn', ip: NETWORK.vpnClient });
    const intranet = await tokenFrom(NETWORK.intranetClient);
    expect(intranet).to.not.equal(vpn);
    expect(payloadOf(intranet)).to.include({ zone: 'intranet', ip: NETWORK.intranetClient });
    // Another address in the same zone: another assertion (the address is in it).
    const neighbour = await tokenFrom('10.250.0.99');
    expect(payloadOf(neighbour)).to.include({ zone: 'vpn', ip: '10.250.0.99' });
    // Back on the VPN address: that context's assertion, still fresh.
    expect(await tokenFrom()).to.equal(vpn);

    // A new role (the directory's route and event): a new assertion that says so.
    const hears = heard(world.gateway, personChanged(me.id), 'the role change');
    const grant = await admin.browser.request(`${url}/api/directory/people/${me.id}/roles/attendance-manager`, {
      method: 'PUT',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(grant.status, grant.body).to.equal(200);
    try {
      await hears;
      const promoted = await tokenFrom();
      expect(promoted).to.not.equal(vpn);
      expect(payloadOf(promoted)['roles']).to.deep.include({ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' });
      expect(payloadOf(vpn)['roles']).to.not.deep.include({ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' });
    } finally {
      const revoke = await admin.browser.request(`${url}/api/directory/people/${me.id}/roles/attendance-manager`, {
        method: 'DELETE',
        headers: { 'x-csrf-token': admin.me.csrfToken },
      });
      expect(revoke.status, revoke.body).to.equal(200);
    }
  });

  it('is replaced when the app permission (可用系統) changes; revoked, refused', async () => {
    const admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    // The demo person without the app: granted and revoked here, left as found.
    const { browser, me } = await signedIn(url, 'no-app');
    const app = async (method: 'PUT' | 'DELETE', name: string) => {
      const hears = heard(world.gateway, personChanged(me.id), `${method} ${name}`);
      const answer = await admin.browser.request(`${url}/api/directory/people/${me.id}/apps/${name}`, {
        method,
        headers: { 'x-csrf-token': admin.me.csrfToken },
      });
      expect(answer.status, answer.body).to.equal(200);
      await hears;
    };
    const token = async () => {
      const answer = await browser.request(`${url}/api/leave/balances`);
      expect(answer.status, answer.body).to.equal(200);
      return leave.seen.at(-1)!.headers['x-webitr-assertion'] as string;
    };
    try {
      await app('PUT', 'webitr-edu');
      const first = await token();
      expect(await token()).to.equal(first);
      await app('PUT', 'webitr');
      const second = await token();
      expect(second).to.not.equal(first);
      expect(await token()).to.equal(second);
      await app('DELETE', 'webitr-edu');
      expect(await token()).to.not.equal(second);
      await app('DELETE', 'webitr');
      const seen = leave.seen.length;
      expect(problemCode(await browser.request(`${url}/api/leave/balances`))).to.equal('APP_NOT_GRANTED');
      expect(leave.seen.length).to.equal(seen);
    } finally {
      for (const name of ['webitr-edu', 'webitr'])
        await admin.browser.request(`${url}/api/directory/people/${me.id}/apps/${name}`, {
          method: 'DELETE',
          headers: { 'x-csrf-token': admin.me.csrfToken },
        });
    }
  });
});
