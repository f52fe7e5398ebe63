import { expect } from 'chai';
import { Broker, createEvent } from '@webitr/platform';
import { eventually, testUris } from '@webitr/testkit';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, logger, namespace, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';
import { People } from '../src/access/people.ts';

describe('app entitlement (可用系統) from the directory, reflected without a restart', function () {
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
    await world.close();
    await leave.server.close(1_000);
  });

  it('refuses a person without the app (APP_NOT_GRANTED), saying the agency’s system administrator grants it', async () => {
    const { browser, me } = await signedIn(url, 'no-app');
    expect(me).to.include({ entitled: false });
    const before = leave.seen.length;
    const answer = await browser.request(`${url}/api/leave/balances`);
    expect(answer.status).to.equal(403);
    const problem = answer.json<{ code: string; detail: string }>();
    expect(problem.code).to.equal('APP_NOT_GRANTED');
    expect(problem.detail).to.contain('高雄市立光華國民小學的系統管理師').and.contain('可用系統');
    expect(leave.seen.length).to.equal(before);
  });

  it('lets the person in as soon as the agency administrator grants the app, and out as soon as it is revoked (the directory’s own routes and events)', async () => {
    const person = await signedIn(url, 'no-app');
    const admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    const balances = () => person.browser.request(`${url}/api/leave/balances`);
    expect(problemCode(await balances())).to.equal('APP_NOT_GRANTED');

    const grant = await admin.browser.request(`${url}/api/directory/people/${person.me.id}/apps/webitr-edu`, {
      method: 'PUT',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(grant.status, grant.body).to.equal(200);
    await eventually(async () => ((await balances()).status === 200 ? true : undefined), 'the grant to reach the gateway');
    expect(leave.seen.at(-1)!.identity).to.deep.include({ sub: person.me.id });

    const revoke = await admin.browser.request(`${url}/api/directory/people/${person.me.id}/apps/webitr-edu`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(revoke.status, revoke.body).to.equal(200);
    await eventually(
      async () => (problemCode(await balances()) === 'APP_NOT_GRANTED' ? true : undefined),
      'the revocation to reach the gateway',
    );
  });

  it('drops the cached person at once on each directory event (granted, revoked, person changed)', async () => {
    const { browser, me } = await signedIn(url, 'director');
    const broker = new Broker({ url: testUris().amqp, namespace, service: 'directory', logger });
    try {
      const { redis } = world.gateway.runtime;
      for (const event of [
        createEvent(
          'directory.entitlement.revoked',
          { personId: me.id, agencyId: 'KH-GUANGHUA-ES', app: 'webitr-edu', actorId: 'test' },
          'directory',
        ),
        createEvent(
          'directory.entitlement.granted',
          { personId: me.id, agencyId: 'KH-GUANGHUA-ES', app: 'webitr-edu', actorId: 'test' },
          'directory',
        ),
        createEvent('directory.person.changed', { personId: me.id, agencyId: 'KH-GUANGHUA-ES', changes: ['status'] }, 'directory'),
      ]) {
        expect((await browser.request(`${url}/api/me`)).status).to.equal(200);
        expect(await redis.exists(People.cacheKey(me.id)), 'cached after a request').to.equal(1);
        await broker.publish(event);
        await eventually(
          async () => ((await redis.exists(People.cacheKey(me.id))) === 0 ? true : undefined),
          `${event.type} to drop the cache`,
        );
      }
    } finally {
      await broker.close();
    }
  });
});
