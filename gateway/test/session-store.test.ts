import { expect } from 'chai';
import { TcpProxy, eventually, hostPort, testUris, withPort } from '@webitr/testkit';
import { Browser } from './support/browser.ts';
import type { Answer } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';
import { RedisSessionStore } from '../src/session/store.ts';

/** The answer, or a failure if there is none within `ms`: a bound on waiting, not a measurement. */
function answered(request: Promise<Answer>, what: string, ms = 5_000): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)),
  );
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

describe('sessions while Redis is down (the gateway’s Redis cut through a TCP proxy)', function () {
  this.timeout(60_000);
  let proxy: TcpProxy;
  let up = false;
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;
  let url: string;

  before(async () => {
    const redisUrl = testUris().redis;
    proxy = new TcpProxy(hostPort(redisUrl, 6379));
    const port = await proxy.start();
    up = true;
    leave = await startEchoService('leave');
    world = await startWorld({ env: { REDIS_URL: withPort(redisUrl, port) }, services: { LEAVE_URL: leave.url } });
    url = world.gateway.url;
  });

  after(async () => {
    if (!up) await proxy.start();
    await world?.close();
    await leave?.server.close(1_000);
    await proxy.stop();
  });

  const cut = async () => {
    await proxy.stop();
    up = false;
  };
  const restore = async () => {
    await proxy.start();
    up = true;
  };
  const sidOf = async (browser: Browser) =>
    decodeURIComponent((await browser.cookie(url, '__Host-webitr.sid'))!)
      .slice(2)
      .split('.')[0]!;

  const expectUnavailable = (answer: Answer, what: string) => {
    expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).to.equal(503);
    expect(problemCode(answer), what).to.equal('SESSION_STORE_UNAVAILABLE');
    expect(answer.header('retry-after'), what).to.match(/^\d+$/);
  };

  it('answers 503 SESSION_STORE_UNAVAILABLE with Retry-After at once, to API calls, calls to the services and sign-in pages, and the session outlives the outage', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const sid = await sidOf(browser);
    const cookie = await browser.cookie(url, '__Host-webitr.sid');
    const seen = leave.seen.length;
    await cut();

    // Several rounds: each failed read would have queued the session's deletion before.
    for (let round = 0; round < 3; round += 1) {
      expectUnavailable(await answered(browser.request(`${url}/api/me`), 'GET /api/me'), 'GET /api/me');
      expectUnavailable(await answered(browser.request(`${url}/api/leave/balances`), 'a call to a service'), 'a call to a service');
      const page = await answered(
        browser.request(`${url}/sso/kh-edu?return_to=%2Fleave%2Fapply`, { headers: { accept: 'text/html' } }),
        'the sign-in page',
      );
      expectUnavailable(page, 'the sign-in page (signed in)');
      expect(page.header('content-type')).to.match(/^text\/html/);
      expect(page.body).to.contain('登入狀態暫時無法確認');
      const logout = await answered(
        browser.request(`${url}/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } }),
        'POST /logout',
      );
      expectUnavailable(logout, 'POST /logout');
      // A browser with no session yet: the sign-in cannot be stored, so it does not go to the portal.
      const fresh = await answered(
        Browser.behindProxy(NETWORK.vpnClient).request(`${url}/sso/kh-edu?return_to=%2F`, { headers: { accept: 'text/html' } }),
        'a new sign-in',
      );
      expectUnavailable(fresh, 'a new sign-in');
      expect(fresh.header('location')).to.equal(undefined);
    }
    expect(leave.seen.length).to.equal(seen);
    expect(await browser.cookie(url, '__Host-webitr.sid')).to.equal(cookie);

    await restore();
    // Until the gateway has reconnected it keeps saying 503; then the same session answers, signed in.
    const back = await eventually(
      async () => {
        const answer = await answered(browser.request(`${url}/api/me`), 'GET /api/me after the restore');
        return answer.status === 503 ? undefined : answer;
      },
      'the gateway to reconnect to Redis',
      20_000,
    );
    expect(back.status, back.body).to.equal(200);
    expect(back.json<{ id: string }>().id).to.equal(me.id);
    expect((await browser.request(`${url}/api/leave/balances`)).status).to.equal(200);
    expect(await world.gateway.runtime.redis.exists(RedisSessionStore.key(sid))).to.equal(1);
  });

  it('drops no session when the connection breaks between requests (nothing in flight is replayed later)', async () => {
    const { browser, me } = await signedIn(url, 'personnel');
    proxy.dropConnections();
    // The first requests may meet the reconnection: any answer but 503 must be the signed-in one.
    const answer = await eventually(
      async () => {
        const a = await answered(browser.request(`${url}/api/me`), 'GET /api/me');
        return a.status === 503 ? undefined : a;
      },
      'the gateway to reconnect to Redis',
      20_000,
    );
    expect(answer.status, answer.body).to.equal(200);
    expect(answer.json<{ id: string }>().id).to.equal(me.id);
  });
});
