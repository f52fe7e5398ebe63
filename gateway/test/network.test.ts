import { expect } from 'chai';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';

interface Refusal {
  code: string;
  status: number;
  detail: string;
  requiredZones: string[];
  zone: string;
  address: string;
}

describe('network zones: Taipei-style deployment, the whole app from the intranet or the SSL-VPN only', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let url: string;

  before(async () => {
    world = await startWorld();
    url = world.gateway.url;
  });

  after(() => world.close());

  it('lets in a client from the SSL-VPN address pool (through the reverse proxy)', async () => {
    const answer = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/portals`);
    expect(answer.status).to.equal(200);
  });

  it('lets in a client whose own socket address is in the VPN pool (no proxy)', async () => {
    const answer = await new Browser({ localAddress: '127.20.0.5' }).request(`${url}/api/portals`);
    expect(answer.status).to.equal(200);
  });

  it('refuses the internet with 403 NETWORK_ZONE_REQUIRED naming the networks needed and how to connect the SSL-VPN', async () => {
    const answer = await Browser.behindProxy(NETWORK.internetClient).request(`${url}/api/portals`);
    expect(answer.status).to.equal(403);
    const problem = answer.json<Refusal>();
    expect(problem).to.deep.include({ code: 'NETWORK_ZONE_REQUIRED', zone: 'internet', address: NETWORK.internetClient });
    expect(problem.requiredZones).to.deep.equal(['intranet', 'vpn']);
    expect(problem.detail).to.contain('SSL-VPN').and.contain('臺北市政府 SSL-VPN').and.contain('https://vpn.example.gov.tw/');
    const [entry] = await world.gateway.gateway.audit.model
      .find({ type: 'refused', reason: 'NETWORK_ZONE_REQUIRED', address: NETWORK.internetClient, path: '/api/portals' })
      .lean()
      .exec();
    expect(entry).to.include({ zone: 'internet', path: '/api/portals' });
  });

  it('shows a browser an HTML page with the same refusal and a link to the SSL-VPN, and never starts a sign-in', async () => {
    const browser = Browser.behindProxy(NETWORK.internetClient);
    const page = await browser.request(`${url}/leave/apply`, { headers: { accept: 'text/html' } });
    expect(page.status).to.equal(403);
    expect(page.header('content-type')).to.match(/^text\/html/);
    expect(problemCode(page)).to.equal('NETWORK_ZONE_REQUIRED');
    expect(page.body).to.contain('SSL-VPN').and.contain('href="https://vpn.example.gov.tw/"');
    const sso = await browser.request(`${url}/sso/kh-edu?return_to=%2F`, { headers: { accept: 'text/html' } });
    expect(sso.status).to.equal(403);
    expect(sso.header('location')).to.equal(undefined);
    // The page's stylesheet is open to every zone.
    expect((await browser.request(`${url}/assets/app.css`, { headers: { accept: 'text/css' } })).status).to.equal(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (a spoofed VPN address)', async () => {
    const spoofer = new Browser({
      localAddress: '127.0.0.9',
      headers: { 'x-forwarded-for': NETWORK.vpnClient, 'x-forwarded-proto': 'https' },
    });
    const answer = await spoofer.request(`${url}/api/portals`);
    expect(answer.status).to.equal(403);
    expect(answer.json<Refusal>()).to.deep.include({ code: 'NETWORK_ZONE_REQUIRED', address: '127.0.0.9', zone: 'internet' });
  });

  it('takes the nearest untrusted hop: a VPN address the client wrote itself before the proxy saw the internet is refused', async () => {
    const browser = new Browser({
      localAddress: NETWORK.trustedProxy,
      headers: { 'x-forwarded-for': `${NETWORK.vpnClient}, ${NETWORK.internetClient}`, 'x-forwarded-proto': 'https' },
    });
    const answer = await browser.request(`${url}/api/portals`);
    expect(answer.status).to.equal(403);
    expect(answer.json<Refusal>().address).to.equal(NETWORK.internetClient);
  });

  it('keeps health checks and the portals’ back-channel logout open to any network', async () => {
    const browser = Browser.behindProxy(NETWORK.internetClient);
    expect((await browser.request(`${url}/healthz`)).status).to.equal(200);
    const logout = await browser.request(`${url}/sso/kh-edu/backchannel-logout`, { form: { logout_token: 'x' } });
    expect(problemCode(logout)).to.equal('LOGOUT_TOKEN_INVALID');
  });
});

describe('network zones: a gateway listening on IPv6 and IPv4 at once (IPv4-mapped peers)', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;

  before(async () => {
    world = await startWorld({ env: { HOST: '::' } });
  });

  after(() => world.close());

  it('normalises ::ffff:a.b.c.d to the IPv4 address for zones, trusted proxies and what it reports', async () => {
    const url = world.gateway.url;
    expect((await new Browser({ localAddress: '127.20.0.5' }).request(`${url}/api/portals`)).status).to.equal(200);
    expect((await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/portals`)).status).to.equal(200);
    const refused = await new Browser({ localAddress: '127.0.0.9', headers: { 'x-forwarded-for': NETWORK.vpnClient } }).request(
      `${url}/api/portals`,
    );
    expect(refused.json<Refusal>()).to.deep.include({ code: 'NETWORK_ZONE_REQUIRED', address: '127.0.0.9' });
  });
});

describe('network zones: Kaohsiung-style deployment, the app on the internet too, administration and web punching not', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let punch: EchoService;
  let url: string;

  before(async () => {
    punch = await startEchoService('punch-card-ingest');
    world = await startWorld({ env: { APP_ZONES: 'any' }, services: { PUNCH_CARD_INGEST_URL: punch.url } });
    url = world.gateway.url;
  });

  after(async () => {
    await world.close();
    await punch.server.close(1_000);
  });

  it('lets a teacher sign in and use the app from the internet, and says where the request came from', async () => {
    const { me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.internetClient });
    expect(me.network).to.deep.equal({ zone: 'internet', zones: ['internet'], address: NETWORK.internetClient });
  });

  it('refuses administration from the internet (ADMIN_ZONE_REQUIRED) and allows it from the intranet or the VPN', async () => {
    const { browser, me } = await signedIn(url, 'school-admin', { clientAddress: NETWORK.internetClient });
    const refused = await browser.request(`${url}/api/directory/people/${me.id}`);
    expect(refused.status).to.equal(403);
    expect(refused.json<Refusal>()).to.deep.include({ code: 'ADMIN_ZONE_REQUIRED', zone: 'internet' });
    expect(refused.json<Refusal>().detail).to.contain('SSL-VPN');
    const ownEnd = await browser.request(`${url}/api/admin/people/${me.id}/sessions/end`, {
      method: 'POST',
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(problemCode(ownEnd)).to.equal('ADMIN_ZONE_REQUIRED');
    for (const address of [NETWORK.intranetClient, NETWORK.vpnClient]) {
      browser.headers['x-forwarded-for'] = address;
      const allowed = await browser.request(`${url}/api/directory/people/${me.id}`);
      expect(allowed.status, `${address}: ${allowed.body}`).to.equal(200);
    }
  });

  it('allows web punching only from the person’s own agency’s onsite network (ONSITE_REQUIRED elsewhere)', async () => {
    const { browser, me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.guanghuaOnsite });
    const punchNow = () =>
      browser.request(`${url}/api/attendance/web-punches`, {
        method: 'POST',
        json: { kind: 'clock-in' },
        headers: { 'x-csrf-token': me.csrfToken },
      });
    const onsite = await punchNow();
    expect(onsite.status, onsite.body).to.equal(200);
    expect(punch.seen.at(-1)!.identity).to.deep.include({ zone: 'onsite-kh-guanghua-es', ip: NETWORK.guanghuaOnsite });
    for (const [address, zone] of [
      [NETWORK.vpnClient, 'vpn'],
      [NETWORK.doitOnsite, 'onsite-tp-doit'],
      [NETWORK.internetClient, 'internet'],
    ] as const) {
      browser.headers['x-forwarded-for'] = address;
      const refused = await punchNow();
      expect(refused.status, address).to.equal(403);
      expect(refused.json<Refusal>()).to.deep.include({ code: 'ONSITE_REQUIRED', zone, requiredZones: ['onsite-kh-guanghua-es'] });
    }
  });

  it('forwards a card machine’s push without a session only from an onsite network, with its key and a device assertion (DEVICE_ONSITE_REQUIRED elsewhere)', async () => {
    const push = (browser: Browser) =>
      browser.request(`${url}/api/attendance/device-punches`, {
        method: 'POST',
        json: { batchId: 'R01-0001', punches: [] },
        headers: { authorization: 'Bearer pd-0123456789abcdef.secret', cookie: 'webitr.sid=whatever' },
      });
    const machine = Browser.behindProxy(NETWORK.guanghuaOnsite);
    const onsite = await push(machine);
    expect(onsite.status, onsite.body).to.equal(200);
    const seen = punch.seen.at(-1)!;
    // The gateway vouches for where it came from, not for who: the service checks the key it passes on.
    expect(seen.identity).to.deep.equal({
      kind: 'device',
      sub: 'device:unverified',
      zones: ['onsite-kh-guanghua-es', 'intranet'],
      ip: NETWORK.guanghuaOnsite,
    });
    expect(seen.headers.authorization).to.equal('Bearer pd-0123456789abcdef.secret');
    expect(seen.headers.cookie).to.equal(undefined);
    const before = punch.seen.length;
    for (const [address, zone] of [
      [NETWORK.vpnClient, 'vpn'],
      [NETWORK.intranetClient, 'intranet'],
      [NETWORK.internetClient, 'internet'],
    ] as const) {
      const refused = await push(Browser.behindProxy(address));
      expect(refused.status, address).to.equal(403);
      expect(refused.json<Refusal>()).to.deep.include({ code: 'DEVICE_ONSITE_REQUIRED', zone });
    }
    expect(punch.seen.length).to.equal(before);
    // A person's own Authorization header never reaches a service on a person's operation.
    const { browser, me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.guanghuaOnsite });
    await browser.request(`${url}/api/attendance/web-punches`, {
      method: 'POST',
      json: { kind: '上班' },
      headers: { 'x-csrf-token': me.csrfToken, authorization: 'Bearer something' },
    });
    expect(punch.seen.at(-1)!.identity.kind).to.equal('person');
    expect(punch.seen.at(-1)!.headers.authorization).to.equal(undefined);
  });

  it('applies the web-punch rule to every spelling of its path: a case variant is no operation (404), other spellings are refused (400) before any policy', async () => {
    const { browser, me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.vpnClient });
    const before = punch.seen.length;
    for (const target of ['/api/attendance/WEB-PUNCHES', '/api/attendance/Web-Punches', '/api/ATTENDANCE/web-punches']) {
      const answer = await browser.request(`${url}${target}`, { method: 'POST', json: {}, headers: { 'x-csrf-token': me.csrfToken } });
      expect(answer.status, target).to.equal(404);
      expect(problemCode(answer), target).to.equal('ROUTE_NOT_FOUND');
    }
    for (const target of [
      '/api/attendance/web-punches/',
      '/api/attendance//web-punches',
      '/api/attendance/%77eb-punches',
      '/api/attendance/web%2Dpunches',
      '/api/attendance/x/../web-punches',
      '/api/attendance/./web-punches',
      '/api/attendance%2Fweb-punches',
      '/api/attendance\\web-punches',
    ]) {
      const answer = await browser.request(`${url}/`, { target, method: 'POST', json: {}, headers: { 'x-csrf-token': me.csrfToken } });
      expect(answer.status, target).to.equal(400);
      expect(problemCode(answer), target).to.equal('PATH_NOT_CANONICAL');
    }
    expect(punch.seen.length).to.equal(before);
    // Other attendance paths are no operation the table publishes.
    expect(problemCode(await browser.request(`${url}/api/attendance/uploads`))).to.equal('ROUTE_NOT_FOUND');
  });
});
