import { expect } from 'chai';
import { testAssertionKeys } from '@webitr/testkit';
import { PersonAssertionSigner } from '../src/assertions.ts';
import { Browser } from './support/browser.ts';
import type { Answer } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, directoryService, realService, startWorld } from './support/world.ts';

/**
 * One rule for what a path is: the policies (internal block, administration
 * zone, app permission; web punching in network.test.ts) hold for every
 * spelling of a path, through the gateway to the real services, and the
 * services themselves answer a case variant with 404.
 */
describe('paths: every spelling of a path meets the same policy, at the gateway and behind it', function () {
  this.timeout(90_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let url: string;
  let services: { leave: string; approval: string; directory: string };
  const flows = '/api/approvals/agencies/KH-GUANGHUA-ES/flows';
  const policy = '/api/leave/agencies/KH-GUANGHUA-ES/leave-policy';

  before(async () => {
    const [leave, approval, directory] = await Promise.all([realService('leave'), realService('approval'), directoryService()]);
    services = { leave: leave.url, approval: approval.url, directory: directory.url };
    // Kaohsiung-style: the app is on the internet, administration only from the intranet or the VPN.
    world = await startWorld({ env: { APP_ZONES: 'any' }, services: { LEAVE_URL: leave.url, APPROVAL_URL: approval.url } });
    url = world.gateway.url;
  });

  after(() => world.close());

  /** Each request target, exactly as written, with its expected status and code. */
  async function expectEach(
    browser: Browser,
    cases: [target: string, status: number, code: string | undefined][],
    method = 'GET',
    headers: Record<string, string> = {},
  ): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (const [target, status, code] of cases) {
      const answer = await browser.request(`${url}/`, { target, method, headers, ...(method === 'GET' ? {} : { json: {} }) });
      expect(answer.status, `${method} ${target}: ${answer.body.slice(0, 200)}`).to.equal(status);
      expect(problemCode(answer), `${method} ${target}`).to.equal(code);
      answers.push(answer);
    }
    return answers;
  }

  it('approval flows are administration in every spelling: refused from the internet, a case variant is no route, others not canonical', async () => {
    const { browser } = await signedIn(url, 'personnel', { clientAddress: NETWORK.internetClient });
    await expectEach(browser, [
      [flows, 403, 'ADMIN_ZONE_REQUIRED'],
      ['/api/approvals/AGENCIES/KH-GUANGHUA-ES/flows', 404, 'ROUTE_NOT_FOUND'],
      ['/api/approvals/agencies/KH-GUANGHUA-ES/FLOWS', 404, 'ROUTE_NOT_FOUND'],
      ['/api/Approvals/agencies/KH-GUANGHUA-ES/flows', 404, 'ROUTE_NOT_FOUND'],
      [`${flows}/`, 400, 'PATH_NOT_CANONICAL'],
      ['/api/approvals/agencies/KH-GUANGHUA-ES/%66lows', 400, 'PATH_NOT_CANONICAL'],
      ['/api/approvals/agencies/KH-GUANGHUA-ES/x/../flows', 400, 'PATH_NOT_CANONICAL'],
      ['/api/approvals/agencies/KH-GUANGHUA-ES/./flows', 400, 'PATH_NOT_CANONICAL'],
      ['/api/approvals//agencies/KH-GUANGHUA-ES/flows', 400, 'PATH_NOT_CANONICAL'],
      ['/api/approvals/agencies%2FKH-GUANGHUA-ES/flows', 400, 'PATH_NOT_CANONICAL'],
    ]);
    // From the intranet, the one spelling reaches the real approval service and its flows.
    browser.headers['x-forwarded-for'] = NETWORK.intranetClient;
    const [allowed] = await expectEach(browser, [[`${flows}?x=1`, 200, undefined]]);
    expect(JSON.stringify(allowed!.json())).to.contain('KH-GUANGHUA-ES');
  });

  it('leave policy and the other attendance managers’ operations are administration; an employee’s own are not', async () => {
    const { browser, me } = await signedIn(url, 'personnel', { clientAddress: NETWORK.internetClient });
    await expectEach(browser, [
      [policy, 403, 'ADMIN_ZONE_REQUIRED'],
      ['/api/leave/agencies/KH-GUANGHUA-ES/forms', 403, 'ADMIN_ZONE_REQUIRED'],
      [`/api/leave/people/${me.id}/balances`, 403, 'ADMIN_ZONE_REQUIRED'],
      ['/api/leave/agencies/KH-GUANGHUA-ES/LEAVE-POLICY', 404, 'ROUTE_NOT_FOUND'],
      [`${policy}/`, 400, 'PATH_NOT_CANONICAL'],
      ['/api/leave/agencies/KH-GUANGHUA-ES/leave%2Dpolicy', 400, 'PATH_NOT_CANONICAL'],
      ['/api/leave/balances', 200, undefined],
    ]);
    await expectEach(
      browser,
      [
        [policy, 403, 'ADMIN_ZONE_REQUIRED'],
        [`${policy.toUpperCase()}`, 404, 'ROUTE_NOT_FOUND'],
      ],
      'PUT',
      { 'x-csrf-token': me.csrfToken },
    );
    browser.headers['x-forwarded-for'] = NETWORK.vpnClient;
    await expectEach(browser, [[policy, 200, undefined]]);
  });

  it('the internal block holds in every spelling (404, never forwarded)', async () => {
    const { browser } = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    await expectEach(
      browser,
      [
        ['/api/directory/internal/people/lookup', 404, 'ROUTE_NOT_FOUND'],
        ['/api/directory/INTERNAL/people/lookup', 404, 'ROUTE_NOT_FOUND'],
        ['/api/directory/Internal/people/lookup', 404, 'ROUTE_NOT_FOUND'],
        ['/api/directory/%69nternal/people/lookup', 400, 'PATH_NOT_CANONICAL'],
        ['/api/directory/people/../internal/people/lookup', 400, 'PATH_NOT_CANONICAL'],
        ['/api/directory/people/%2e%2e/internal/people/lookup', 400, 'PATH_NOT_CANONICAL'],
        ['/api/directory/people%2F..%2Finternal/people/lookup', 400, 'PATH_NOT_CANONICAL'],
      ],
      'POST',
      { 'x-csrf-token': (await browser.request(`${url}/api/me`)).json<{ csrfToken: string }>().csrfToken },
    );
  });

  it('app permission comes before any service in every spelling: a person without the app gets no further', async () => {
    const { browser } = await signedIn(url, 'no-app', { clientAddress: NETWORK.internetClient });
    await expectEach(browser, [
      ['/api/leave/balances', 403, 'APP_NOT_GRANTED'],
      ['/api/leave/BALANCES', 404, 'ROUTE_NOT_FOUND'],
      ['/api/leave/balances/', 400, 'PATH_NOT_CANONICAL'],
      ['/api/leave/%62alances', 400, 'PATH_NOT_CANONICAL'],
    ]);
  });

  it('the services themselves: a case variant is no route (404), a path not canonical is refused (400)', async () => {
    const { privateJwk } = await testAssertionKeys();
    const signer = new PersonAssertionSigner('gateway', privateJwk);
    const identity = {
      kind: 'person' as const,
      sub: 'P-admin',
      agencyId: 'KH-GUANGHUA-ES',
      roles: [{ role: 'system-admin' as const, agencyId: 'KH-GUANGHUA-ES' }],
      zone: 'intranet',
    };
    const direct = async (audience: keyof typeof services, target: string, method = 'GET') => {
      const answer = await new Browser().request(`${services[audience]}/`, {
        target,
        method,
        headers: { 'x-webitr-assertion': signer.sign(identity, audience) },
      });
      return [answer.status, problemCode(answer)];
    };
    expect(await direct('approval', '/AGENCIES/KH-GUANGHUA-ES/flows')).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
    expect(await direct('approval', '/agencies/KH-GUANGHUA-ES/flows/')).to.deep.equal([400, 'PATH_NOT_CANONICAL']);
    expect(await direct('leave', '/agencies/KH-GUANGHUA-ES/Leave-Policy')).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
    expect(await direct('leave', '/agencies/KH-GUANGHUA-ES/leave-policy/')).to.deep.equal([400, 'PATH_NOT_CANONICAL']);
    expect(await direct('directory', '/INTERNAL/people/P-admin')).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
    expect(await direct('directory', '/internal/people/P-admin')).to.deep.equal([403, 'SERVICE_ONLY']);
  });
});
