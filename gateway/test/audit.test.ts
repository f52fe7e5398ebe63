// 稽核紀錄 (GET /api/admin/audit): the gateway's own audit log, served to
// system administrators only, filtered by who, what, outcome and period and
// paged, with addresses masked to their network; administrative changes
// made through the gateway are recorded by their operation. The log is shared
// by every suite of the run, so each check names its own person and reason.
import { expect } from 'chai';
import type { AuditPage } from '@webitr/contracts';
import { eventually } from '@webitr/testkit';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, startEchoService, startWorld } from './support/world.ts';
import type { EchoService } from './support/world.ts';

const taipeiDay = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('audit log: 稽核紀錄 for system administrators', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let notification: EchoService;
  let url: string;

  before(async () => {
    notification = await startEchoService('notification');
    world = await startWorld({ services: { NOTIFICATION_URL: notification.url } });
    url = world.gateway.url;
  });
  after(async () => {
    await world.close();
    await notification.server.close(1_000);
  });

  it('refuses everyone but system administrators (ADMIN_ROLE_REQUIRED), and records each refusal with its reason', async () => {
    const teacher = await signedIn(url, 'teacher');
    const schoolAdmin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    for (const { browser } of [teacher, schoolAdmin]) {
      const answer = await browser.request(`${url}/api/admin/audit`);
      expect(answer.status).to.equal(403);
      expect(problemCode(answer)).to.equal('ADMIN_ROLE_REQUIRED');
      expect(answer.json<{ detail: string }>().detail).to.contain('系統管理者');
    }
    const admin = await signedIn(url, 'city-admin', { portal: 'tp-isw', clientAddress: NETWORK.intranetClient });
    const answer = await admin.browser.request(`${url}/api/admin/audit?personId=${teacher.me.id}&outcome=refused&from=${taipeiDay(0)}`);
    expect(answer.status, answer.body).to.equal(200);
    const page = answer.json<AuditPage>();
    expect(page.items.length).to.be.greaterThan(0);
    for (const item of page.items) expect(item.type).to.be.oneOf(['refused', 'sign-in-refused']);
    const refusal = page.items.find((i) => i.path === '/api/admin/audit');
    expect(refusal).to.deep.include({
      type: 'refused',
      personId: teacher.me.id,
      reason: 'ADMIN_ROLE_REQUIRED',
      zone: 'vpn',
      method: 'GET',
    });
    // The teacher's name from the directory; the address masked to its network, never whole.
    expect(refusal!.personName).to.equal('陳怡君');
    expect(refusal!.address).to.equal('10.250.0.x');
    expect(answer.body).to.not.contain(NETWORK.vpnClient);
  });

  it('filters by what and period and pages, newest first, and validates the filters naming the field', async () => {
    const teacher = await signedIn(url, 'teacher');
    await signedIn(url, 'teacher');
    const admin = await signedIn(url, 'city-admin', { portal: 'tp-isw', clientAddress: NETWORK.intranetClient });
    const get = async (query: string) => {
      const answer = await admin.browser.request(`${url}/api/admin/audit?${query}`);
      expect(answer.status, answer.body).to.equal(200);
      return answer.json<AuditPage>();
    };
    const signIns = await get(`personId=${teacher.me.id}&type=sign-in&pageSize=1`);
    expect(signIns.total).to.be.at.least(2);
    expect(signIns.items).to.have.length(1);
    const second = await get(`personId=${teacher.me.id}&type=sign-in&pageSize=1&page=2`);
    expect(second).to.deep.include({ page: 2, pageSize: 1, total: signIns.total });
    expect(second.items[0]!.id).to.not.equal(signIns.items[0]!.id);
    expect(second.items[0]!.at <= signIns.items[0]!.at).to.equal(true);
    for (const item of [...signIns.items, ...second.items]) expect(item).to.include({ type: 'sign-in', personId: teacher.me.id });
    // Allowed only: no refusal among them; tomorrow: nothing yet (ROC dates as everywhere).
    for (const item of (await get(`personId=${teacher.me.id}&outcome=allowed`)).items) expect(item.type).to.not.match(/refused/);
    const tomorrow = taipeiDay(1);
    const roc = `${Number(tomorrow.slice(0, 4)) - 1911}-${tomorrow.slice(5)}`;
    expect((await get(`from=${roc}&to=${roc}`)).total).to.equal(0);

    for (const [query, field] of [
      ['outcome=maybe', '結果'],
      [`from=${taipeiDay(1)}&to=${taipeiDay(0)}`, '迄日'],
    ] as const) {
      const invalid = await admin.browser.request(`${url}/api/admin/audit?${query}`);
      expect(invalid.status).to.equal(400);
      expect(problemCode(invalid)).to.equal('VALIDATION_FAILED');
      expect(invalid.body).to.contain(field);
    }
  });

  it('records an administrative change made through the gateway by its operation, and reading the log itself', async () => {
    const admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
    const posted = await admin.browser.request(`${url}/api/notifications/announcements`, {
      method: 'POST',
      json: { agencyId: 'KH-GUANGHUA-ES', title: '稽核測試', body: 'x', startDate: taipeiDay(0), endDate: taipeiDay(0) },
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(posted.status, posted.body).to.equal(200);
    const system = await signedIn(url, 'city-admin', { portal: 'tp-isw', clientAddress: NETWORK.intranetClient });
    const read = async () =>
      (await system.browser.request(`${url}/api/admin/audit?personId=${admin.me.id}&type=admin-action`)).json<AuditPage>().items;
    // Written once the service's answer has gone out, so looked for until it is there.
    const action = await eventually(async () => (await read()).find((i) => i.reason === 'postAnnouncement'), 'the change in the log');
    expect(action).to.deep.include({ personId: admin.me.id, method: 'POST', path: '/api/notifications/announcements', zone: 'intranet' });
    // The system administrator's reading is an administrative action too.
    const reads = await system.browser.request(`${url}/api/admin/audit?personId=${system.me.id}&type=admin-action`);
    expect(reads.json<AuditPage>().items.map((i) => i.reason)).to.include('read-audit-log');
  });
});
