import { expect } from 'chai';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';
import { RedisSessionStore } from '../src/session/store.ts';

/** A clock the test moves forward, for the idle and absolute timeouts. */
const movableClock = () => {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
};

const MINUTE = 60_000;

describe('sessions: timeouts and ending them', function () {
  this.timeout(60_000);
  const clock = movableClock();
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;
  let url: string;

  before(async () => {
    leave = await startEchoService('leave');
    world = await startWorld({
      env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' },
      services: { LEAVE_URL: leave.url },
      gateway: { clock },
    });
    url = world.gateway.url;
  });

  after(async () => {
    await world.close();
    await leave.server.close(1_000);
  });

  const me = (browser: Browser) => browser.request(`${url}/api/me`);
  /** A call to a service: the session is read the cheap way when it is plainly current (SessionReader), else the full way. */
  const service = (browser: Browser) => browser.request(`${url}/api/leave/balances`);
  const sidOf = async (browser: Browser) =>
    decodeURIComponent((await browser.cookie(url, '__Host-webitr.sid'))!)
      .slice(2)
      .split('.')[0]!;

  it('ends a session idle for longer than the idle timeout (SESSION_EXPIRED)', async () => {
    const { browser } = await signedIn(url, 'teacher');
    clock.advance(31 * MINUTE);
    const answer = await me(browser);
    expect(answer.status).to.equal(401);
    expect(problemCode(answer)).to.equal('SESSION_EXPIRED');
    // The expired session is gone from Redis; the browser now holds a fresh, empty one.
    expect(problemCode(await me(browser))).to.equal('UNAUTHENTICATED');
  });

  it('keeps an active session past the idle timeout, and ends it at the absolute timeout (SESSION_EXPIRED)', async () => {
    const { browser } = await signedIn(url, 'teacher');
    for (let minutes = 20; minutes < 120; minutes += 20) {
      clock.advance(20 * MINUTE);
      expect((await me(browser)).status, `after ${minutes} minutes`).to.equal(200);
    }
    clock.advance(21 * MINUTE);
    expect(problemCode(await me(browser))).to.equal('SESSION_EXPIRED');
  });

  it('lets a person end all of their sessions (登出所有裝置): every device gets SESSION_REVOKED', async () => {
    const first = await signedIn(url, 'staff', { portal: 'tp-isw' });
    const second = await signedIn(url, 'staff', { portal: 'tp-isw' });
    const answer = await first.browser.request(`${url}/api/me/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': first.me.csrfToken },
    });
    expect(answer.status).to.equal(200);
    expect(answer.json<{ ended: number }>().ended).to.be.at.least(2);
    for (const { browser } of [first, second]) expect(problemCode(await me(browser))).to.equal('SESSION_REVOKED');
    const [entry] = await world.gateway.gateway.audit.model
      .find({ type: 'sessions-ended', personId: first.me.id, reason: 'ended-by-self' })
      .lean()
      .exec();
    expect(entry).to.include({ address: NETWORK.vpnClient, zone: 'vpn' });
  });

  it('lets the agency administrator end all sessions of a person of that agency, audited as an admin action', async () => {
    const teacher = await signedIn(url, 'teacher');
    const admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    const answer = await admin.browser.request(`${url}/api/admin/people/${teacher.me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(answer.status, answer.body).to.equal(200);
    expect(problemCode(await me(teacher.browser))).to.equal('SESSION_REVOKED');
    expect((await me(admin.browser)).status).to.equal(200);
    const [entry] = await world.gateway.gateway.audit.model
      .find({ type: 'admin-action', reason: 'end-sessions', targetPersonId: teacher.me.id })
      .lean()
      .exec();
    expect(entry).to.include({ personId: admin.me.id, address: NETWORK.intranetClient, zone: 'intranet' });
  });

  it('refuses ending sessions to people without the role for that person’s agency (ADMIN_ROLE_REQUIRED)', async () => {
    const teacher = await signedIn(url, 'teacher');
    const staff = await signedIn(url, 'staff', { portal: 'tp-isw' });
    const schoolAdmin = await signedIn(url, 'school-admin');
    const byStaff = await staff.browser.request(`${url}/api/admin/people/${teacher.me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': staff.me.csrfToken },
    });
    expect(byStaff.status).to.equal(403);
    expect(problemCode(byStaff)).to.equal('ADMIN_ROLE_REQUIRED');
    const otherAgency = await schoolAdmin.browser.request(`${url}/api/admin/people/${staff.me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': schoolAdmin.me.csrfToken },
    });
    expect(problemCode(otherAgency)).to.equal('ADMIN_ROLE_REQUIRED');
    expect((await me(teacher.browser)).status).to.equal(200);
    expect((await me(staff.browser)).status).to.equal(200);
    // A system administrator may, anywhere.
    const cityAdmin = await signedIn(url, 'city-admin', { portal: 'tp-isw' });
    const bySystemAdmin = await cityAdmin.browser.request(`${url}/api/admin/people/${teacher.me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': cityAdmin.me.csrfToken },
    });
    expect(bySystemAdmin.status).to.equal(200);
    expect(problemCode(await me(teacher.browser))).to.equal('SESSION_REVOKED');
  });

  it('never writes an ended session back, even from a request that was in flight when it ended', async () => {
    const { browser } = await signedIn(url, 'personnel');
    const signed = (await browser.cookie(url, '__Host-webitr.sid'))!;
    const sid = decodeURIComponent(signed).slice(2).split('.')[0]!;
    const { redis } = world.gateway.runtime;
    const data = JSON.parse((await redis.get(RedisSessionStore.key(sid)))!);
    await world.gateway.gateway.sessions.endOne(sid, 'ended-by-admin');
    const store = new RedisSessionStore(redis, () => 600, world.gateway.gateway.invalidations);
    await new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err) : resolve())));
    expect(await redis.exists(RedisSessionStore.key(sid))).to.equal(0);
    expect(problemCode(await me(browser))).to.equal('SESSION_REVOKED');
  });

  it('holds calls to the services to the same timeouts, and records activity from them alone', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const sid = await sidOf(browser);
    const { redis } = world.gateway.runtime;
    const lastSeen = async () => (JSON.parse((await redis.get(RedisSessionStore.key(sid)))!) as { lastSeenAt?: number }).lastSeenAt;
    expect((await service(browser)).status).to.equal(200);
    const before = await lastSeen();
    // Within the minute: nothing written.
    clock.advance(30_000);
    expect((await service(browser)).status).to.equal(200);
    expect(await lastSeen()).to.equal(before);
    // Past it: the activity is recorded, so the session outlives the idle timeout counted from sign-in…
    for (let minutes = 20; minutes < 120; minutes += 20) {
      clock.advance(20 * MINUTE);
      expect((await service(browser)).status, `after ${minutes} minutes`).to.equal(200);
    }
    expect(await lastSeen()).to.be.greaterThan(before ?? 0);
    // …up to the absolute timeout.
    clock.advance(21 * MINUTE);
    const seen = leave.seen.length;
    expect(problemCode(await service(browser))).to.equal('SESSION_EXPIRED');
    expect(problemCode(await service(browser))).to.equal('UNAUTHENTICATED');
    expect(leave.seen.length).to.equal(seen);
  });

  it('refuses calls to the services on an idle session (SESSION_EXPIRED) and on an ended one (SESSION_REVOKED), before the service sees them', async () => {
    const idle = await signedIn(url, 'teacher');
    const ended = await signedIn(url, 'personnel');
    expect((await service(idle.browser)).status).to.equal(200);
    expect((await service(ended.browser)).status).to.equal(200);
    await world.gateway.gateway.sessions.endOne(await sidOf(ended.browser), 'ended-by-admin');
    const seen = leave.seen.length;
    expect(problemCode(await service(ended.browser))).to.equal('SESSION_REVOKED');
    clock.advance(31 * MINUTE);
    expect(problemCode(await service(idle.browser))).to.equal('SESSION_EXPIRED');
    expect(leave.seen.length).to.equal(seen);
  });

  it('refuses a session cookie whose signature does not hold, on calls to the services too (UNAUTHENTICATED)', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const signed = decodeURIComponent((await browser.cookie(url, '__Host-webitr.sid'))!);
    const forged = `${signed.slice(0, -3)}${signed.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    await browser.jar.setCookie(`__Host-webitr.sid=${encodeURIComponent(forged)}; Path=/; Secure; HttpOnly`, url);
    const seen = leave.seen.length;
    expect(problemCode(await service(browser))).to.equal('UNAUTHENTICATED');
    expect(problemCode(await me(browser))).to.equal('UNAUTHENTICATED');
    expect(leave.seen.length).to.equal(seen);
  });

  it('answers UNAUTHENTICATED when no session cookie was sent at all', async () => {
    const answer = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/me`);
    expect(answer.status).to.equal(401);
    expect(problemCode(answer)).to.equal('UNAUTHENTICATED');
  });
});
