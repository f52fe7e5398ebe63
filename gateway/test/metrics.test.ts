import { expect } from 'chai';
import { serviceRoutes } from '../src/proxy/routes.ts';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startWorld } from './support/world.ts';

/**
 * Metrics are for the cluster's Prometheus, never for a client: the gateway
 * serves its own on a port of its own (METRICS_PORT), and forwards no path
 * that is not a published operation, so no service's `/metrics` is reachable
 * through it either.
 */
/** The value of the first series of `name` carrying every one of `labels`; NaN when there is none. */
function value(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return Number.NaN;
}

describe('metrics: the gateway’s own on their port, no /metrics through the door', function () {
  this.timeout(90_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let url: string;

  before(async () => {
    world = await startWorld();
    url = world.gateway.url;
  });

  after(() => world.close());

  const scrape = async () => {
    const res = await fetch(world.gateway.metricsUrl);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('refuses /metrics on the public port and under every service’s prefix, signed in and from the intranet', async () => {
    const { browser } = await signedIn(url, 'teacher', { clientAddress: NETWORK.intranetClient });
    // As Prometheus asks, and as a browser does (which would otherwise get the web app's page).
    for (const accept of ['application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'text/html']) {
      const answer = await browser.request(`${url}/metrics`, { headers: { accept } });
      expect(answer.status, accept).to.equal(404);
      expect(answer.body, accept).to.not.include('webitr_');
    }
    for (const { prefix } of serviceRoutes(world.gateway.config)) {
      for (const target of [`${prefix}/metrics`, `${prefix}/metrics?x=1`]) {
        const refused = await browser.request(`${url}${target}`);
        expect(refused.status, target).to.equal(404);
        expect(problemCode(refused), target).to.equal('ROUTE_NOT_FOUND');
      }
    }
  });

  it('counts sign-ins by portal, refusals by reason, active sessions and requests by route pattern', async () => {
    const { me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.intranetClient });
    expect(me.id).to.be.a('string');
    // From the internet, where this deployment does not open the app: a refusal with its problem code.
    const outside = Browser.behindProxy(NETWORK.internetClient);
    const refused = await outside.request(`${url}/api/me`);
    expect(refused.status).to.equal(403);
    const reason = problemCode(refused)!;
    const text = await scrape();
    expect(value(text, 'webitr_gateway_sign_ins_total', { service: 'gateway' })).to.be.at.least(1);
    expect(value(text, 'webitr_gateway_refusals_total', { kind: 'refused', reason })).to.be.at.least(1);
    expect(value(text, 'webitr_gateway_active_sessions', { service: 'gateway' })).to.be.at.least(1);
    expect(value(text, 'webitr_http_requests_total', { method: 'GET', route: '/api/me', status: '200' })).to.be.at.least(1);
    expect(value(text, 'webitr_dependency_up', { dependency: 'redis' })).to.equal(1);
    // A path is never a label: the refused and proxied requests are counted under their patterns.
    expect(text).to.not.match(/route="[^"]*KH-/);
  });
});
