// The portal tile at the gateway: the page a portal frames (framing only for
// TILE_FRAME_ANCESTORS), and its badges from GET /api/tile/counts — the
// counts of the leave and approval services asked as the signed-in person,
// and 200 { signedIn: false } for everyone without badges, so a signed-out
// tile logs no error. The whole path in a real browser with the real services
// is portal-plugin/test/journeys/tile.test.ts.
import { expect } from 'chai';
import type { IdentityClaims } from '@webitr/contracts';
import { AssertionVerifier, createHttpApp, identityOf, listen, requireAssertion } from '@webitr/platform';
import type { RunningServer } from '@webitr/platform';
import { testAssertionKeys } from '@webitr/testkit';
import { checkConfig, configSchema } from '../src/config.ts';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, logger, startWorld } from './support/world.ts';

const MINUTE = 60_000;
const PORTAL = 'https://portal.kh.edu.tw';

/** A service that checks the gateway's assertion and answers fixed counts, noting whom it was asked for. */
async function countingService(audience: string, answer: unknown): Promise<{ url: string; seen: IdentityClaims[]; server: RunningServer }> {
  const { trusted } = await testAssertionKeys();
  const seen: IdentityClaims[] = [];
  const app = createHttpApp({
    service: audience,
    logger,
    readiness: [],
    routes: (app) => {
      app.use(requireAssertion(new AssertionVerifier(audience, trusted)));
      app.get(['/home/counts', '/inbox'], (_req, res) => {
        seen.push(identityOf(res));
        res.json(answer);
      });
    },
  });
  const server = await listen(app, 0);
  return { url: server.url, seen, server };
}

describe('the portal tile and its badges', function () {
  this.timeout(60_000);
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: Awaited<ReturnType<typeof countingService>>;
  let approval: Awaited<ReturnType<typeof countingService>>;
  let url: string;

  before(async () => {
    leave = await countingService('leave', { applications: 2, deputy: 1 });
    approval = await countingService('approval', { total: 5, items: [] });
    world = await startWorld({
      env: { TILE_FRAME_ANCESTORS: `${PORTAL},http://127.0.0.1:8080`, SESSION_IDLE_MINUTES: '30' },
      services: { LEAVE_URL: leave.url, APPROVAL_URL: approval.url },
      gateway: { clock },
    });
    url = world.gateway.url;
  });

  after(async () => {
    await world.close();
    await leave.server.close(1_000);
    await approval.server.close(1_000);
  });

  const counts = (browser: Browser) => browser.request(`${url}/api/tile/counts`);

  it('serves the tile framable only by the configured portals, with its script, every deep link and no inline code', async () => {
    const tile = await Browser.behindProxy(NETWORK.internetClient).request(`${url}/tile/kh-edu`, { headers: { accept: 'text/html' } });
    expect(tile.status).to.equal(200);
    expect(tile.header('content-security-policy')).to.contain(`frame-ancestors ${PORTAL} http://127.0.0.1:8080;`);
    expect(tile.header('x-frame-options')).to.equal(undefined);
    for (const deepLink of ['%2F', '%2Fleave%2Fapply', '%2Fapprovals', '%2Fleave%2Frequests', '%2Fdeputy%2Fcases'])
      expect(tile.body).to.contain(`href="${url}/sso/kh-edu?return_to=${deepLink}" target="_top"`);
    expect(tile.body).to.contain(`<script type="module" src="${url}/assets/tile.js"></script>`);
    expect(tile.body)
      .to.not.match(/<script(?![^>]*\ssrc=)[^>]*>/)
      .and.not.match(/ style="/)
      .and.not.match(/ on[a-z]+="/);
    const script = await Browser.behindProxy(NETWORK.internetClient).request(`${url}/assets/tile.js`, { headers: { accept: '*/*' } });
    expect(script.status).to.equal(200);
    expect(script.header('content-type')).to.match(/javascript/);
    expect(script.body).to.contain('/api/tile/counts');
  });

  it('answers a signed-out visitor 200 { signedIn: false }, not a 401, and sets no cookie', async () => {
    const answer = await counts(Browser.behindProxy(NETWORK.vpnClient));
    expect(answer.status).to.equal(200);
    expect(answer.json()).to.deep.equal({ signedIn: false });
    expect(answer.header('cache-control')).to.equal('no-store');
    expect(answer.header('set-cookie')).to.equal(undefined);
    // The app's own API keeps its 401.
    expect((await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/me`)).status).to.equal(401);
  });

  it('gives a signed-in person the counts of both services, asked as that person from their zone', async () => {
    const { browser, me } = await signedIn(url, 'director');
    const [leaveSeen, approvalSeen] = [leave.seen.length, approval.seen.length];
    const answer = await counts(browser);
    expect(answer.status, answer.body).to.equal(200);
    expect(answer.json()).to.deep.equal({ signedIn: true, approvals: 5, applications: 2, deputy: 1 });
    for (const seen of [leave.seen.slice(leaveSeen), approval.seen.slice(approvalSeen)]) {
      expect(seen).to.have.length(1);
      expect(seen[0]).to.include({ kind: 'person', sub: me.id, zone: 'vpn', ip: NETWORK.vpnClient });
    }
  });

  it('shows no badges to a signed-in person outside the app’s zones or without the app, without asking the services', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const before = leave.seen.length + approval.seen.length;
    browser.headers['x-forwarded-for'] = NETWORK.internetClient;
    const outside = await counts(browser);
    expect([outside.status, outside.json()]).to.deep.equal([200, { signedIn: false }]);

    const { browser: noApp, me } = await signedIn(url, 'no-app');
    expect(me.entitled).to.equal(false);
    const refused = await counts(noApp);
    expect([refused.status, refused.json()]).to.deep.equal([200, { signedIn: false }]);
    expect(leave.seen.length + approval.seen.length).to.equal(before);
  });

  it('does not keep a session alive: asking for badges is not activity', async () => {
    const { browser } = await signedIn(url, 'teacher');
    offset += 20 * MINUTE;
    expect((await counts(browser)).json()).to.include({ signedIn: true });
    offset += 11 * MINUTE;
    // 31 minutes since the last activity: the session is over, whatever the tile asked meanwhile.
    expect((await counts(browser)).json()).to.deep.equal({ signedIn: false });
    expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('SESSION_EXPIRED');
  });

  it('answers 503 with a retryable code, fast, when a service is down', async () => {
    const down = await startWorld({
      env: { TILE_FRAME_ANCESTORS: PORTAL },
      // Nothing listens on port 9 (discard) here: the connection is refused at once.
      services: { LEAVE_URL: 'http://127.0.0.1:9', APPROVAL_URL: approval.url },
    });
    try {
      const { browser } = await signedIn(down.gateway.url, 'teacher');
      const answer = await browser.request(`${down.gateway.url}/api/tile/counts`);
      expect(answer.status).to.equal(503);
      expect(problemCode(answer)).to.equal('DEPENDENCY_UNREACHABLE');
      expect(Number(answer.header('retry-after'))).to.be.within(1, 60);
    } finally {
      await down.close();
    }
  });

  it('refuses TILE_FRAME_ANCESTORS that are not origins, and plain http ones in production', () => {
    const frameAncestors = configSchema.shape.TILE_FRAME_ANCESTORS;
    for (const bad of ['https://portal.kh.edu.tw/home', "https://portal.kh.edu.tw; script-src 'unsafe-inline'", '*', 'portal.kh.edu.tw'])
      expect(frameAncestors.safeParse(bad).success, bad).to.equal(false);
    const origins = frameAncestors.parse(`${PORTAL}, http://portal.kh.edu.tw`);
    expect(origins).to.deep.equal([PORTAL, 'http://portal.kh.edu.tw']);
    expect(checkConfig({ ...world.gateway.config, NODE_ENV: 'production', TILE_FRAME_ANCESTORS: origins })).to.include(
      'TILE_FRAME_ANCESTORS: http://portal.kh.edu.tw must be https in production',
    );
  });
});
