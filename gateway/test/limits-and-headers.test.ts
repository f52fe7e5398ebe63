import { expect } from 'chai';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';

describe('rate limits kept in Redis: sign-in per address, writes per person', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;

  before(async () => {
    leave = await startEchoService('leave');
    world = await startWorld({
      env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '3', RATE_LIMIT_WRITES_PER_MINUTE: '2' },
      services: { LEAVE_URL: leave.url },
    });
  });

  after(async () => {
    await world.close();
    await leave.server.close(1_000);
  });

  it('refuses the fourth sign-in start from one address within a minute (429 RATE_LIMITED with Retry-After); other addresses go on', async () => {
    const start = (address: string) =>
      Browser.behindProxy(address).request(`${world.gateway.url}/sso/kh-edu?return_to=%2F`, { headers: { accept: 'text/html' } });
    for (let i = 0; i < 3; i += 1) expect((await start('10.250.9.99')).status).to.equal(302);
    const refused = await start('10.250.9.99');
    expect(refused.status).to.equal(429);
    expect(problemCode(refused)).to.equal('RATE_LIMITED');
    expect(Number(refused.header('retry-after'))).to.be.within(1, 60);
    expect((await start('10.250.9.98')).status).to.equal(302);
  });

  it('refuses the third write of a person within a minute, before the service sees it; reads go on', async () => {
    const { browser, me } = await signedIn(world.gateway.url, 'director', { clientAddress: '10.250.9.97' });
    const write = () =>
      browser.request(`${world.gateway.url}/api/leave/forms/leave`, {
        method: 'POST',
        json: {},
        headers: { 'x-csrf-token': me.csrfToken },
      });
    expect((await write()).status).to.equal(200);
    expect((await write()).status).to.equal(200);
    const seen = leave.seen.length;
    const refused = await write();
    expect(refused.status).to.equal(429);
    expect(problemCode(refused)).to.equal('RATE_LIMITED');
    expect(leave.seen.length).to.equal(seen);
    expect((await browser.request(`${world.gateway.url}/api/leave/forms`)).status).to.equal(200);
  });
});

describe('security headers, the web app and the portal tile', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let url: string;

  before(async () => {
    world = await startWorld({ env: { TILE_FRAME_ANCESTORS: 'https://portal.kh.edu.tw' } });
    url = world.gateway.url;
  });

  after(() => world.close());

  it('sends a strict CSP, HSTS, no-sniff, no referrer and no framing on pages and API answers alike', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    for (const answer of [await browser.request(`${url}/`, { headers: { accept: 'text/html' } }), await browser.request(`${url}/api/me`)]) {
      const csp = answer.header('content-security-policy')!;
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
      ])
        expect(csp).to.contain(directive);
      expect(csp).to.not.contain('unsafe-inline').and.not.contain('unsafe-eval');
      expect(answer.header('strict-transport-security')).to.match(/max-age=31536000/);
      expect(answer.header('x-content-type-options')).to.equal('nosniff');
      expect(answer.header('referrer-policy')).to.equal('no-referrer');
      expect(answer.header('x-frame-options')).to.equal('DENY');
      expect(answer.header('x-powered-by')).to.equal(undefined);
    }
  });

  it('serves the web app for every page (deep links included) and its assets, with no inline script or style', async () => {
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const page = await browser.request(`${url}/leave/apply`, { headers: { accept: 'text/html' } });
    expect(page.status).to.equal(200);
    expect(page.header('cache-control')).to.equal('no-cache');
    const entry = /<script type="module" crossorigin src="(\/assets\/app-[\w-]+\.js)"><\/script>/.exec(page.body)?.[1];
    expect(entry, page.body).to.be.a('string');
    expect(page.body)
      .to.not.match(/<script(?![^>]*\ssrc=)[^>]*>/)
      .and.not.match(/<style/)
      .and.not.match(/ style="/)
      .and.not.match(/ on[a-z]+="/);
    // Hashed by content: cached for good. The unhashed stylesheet the gateway's own pages use: briefly.
    const script = await browser.request(`${url}${entry}`, { headers: { accept: '*/*' } });
    expect(script.status).to.equal(200);
    expect(script.header('content-type')).to.match(/javascript/);
    expect(script.header('cache-control')).to.equal('public, max-age=31536000, immutable');
    const stylesheet = await browser.request(`${url}/assets/app.css`, { headers: { accept: 'text/css' } });
    expect(stylesheet.status).to.equal(200);
    expect(stylesheet.header('cache-control')).to.equal('public, max-age=600');
    const missing = await browser.request(`${url}/api/nothing-here`);
    expect(problemCode(missing)).to.equal('ROUTE_NOT_FOUND');
  });

  it('serves the portal tile: deep links through the portal’s sign-in, opening at the top level, framable only by the portal', async () => {
    const tile = await Browser.behindProxy(NETWORK.internetClient).request(`${url}/tile/kh-edu`, { headers: { accept: 'text/html' } });
    expect(tile.status).to.equal(200);
    expect(tile.body)
      .to.contain(`href="${url}/sso/kh-edu?return_to=%2Fleave%2Fapply" target="_top"`)
      .and.contain('經由高雄市教育局資訊服務入口登入');
    expect(tile.header('content-security-policy')).to.contain('frame-ancestors https://portal.kh.edu.tw');
    expect(tile.header('x-frame-options')).to.equal(undefined);
    expect(problemCode(await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/tile/nowhere`))).to.equal('PORTAL_UNKNOWN');
  });

  it('keeps the audit log append-only', async () => {
    const { model } = world.gateway.gateway.audit;
    await Browser.behindProxy(NETWORK.internetClient).request(`${url}/api/me`);
    const entry = await model.findOne({ type: 'refused', address: NETWORK.internetClient }).exec();
    expect(entry).to.not.equal(null);
    for (const attempt of [
      () => model.updateOne({ _id: entry!._id }, { reason: 'nothing' }).exec(),
      () => model.deleteMany({}).exec(),
      async () => {
        entry!.reason = 'x';
        await entry!.save();
      },
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.equal('the audit log is append-only');
    }
    expect(await model.countDocuments({ _id: entry!._id })).to.equal(1);
  });
});
