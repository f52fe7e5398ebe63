// 人事公告欄 (seed 11-1) against the real directory (demo seed) and FerretDB:
// only the agency's 差勤管理者 and administrators write; everyone reads only
// their own agency's announcements whose dates hold today, for the whole
// agency or a unit they are in. Dates are counted from today (Taipei) so the
// suite means the same whenever it runs.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { addDays, taipeiLocal } from '@webitr/work-calendar';
import { people, SCHOOL, startSystem } from '../harness.ts';

type System = Awaited<ReturnType<typeof startSystem>>;
const BUREAU = 'TP-DOIT';

describe('人事公告欄 (notification service, real directory and FerretDB)', function () {
  this.timeout(60_000);
  let sys: System;
  const today = taipeiLocal(new Date()).date;
  /** The demo school's units by name, as the directory seeded them. */
  const unitOf = async (personId: string) => (await sys.notification.ctx.people.person(personId))!.unitId!;

  before(async () => {
    sys = await startSystem();
  });
  after(async () => {
    await sys?.stop();
  });

  const post = (
    body: Record<string, unknown>,
    by = people.personnel.id,
    roles: ('attendance-manager' | 'agency-admin')[] = ['attendance-manager'],
    headers = {},
  ) =>
    sys.call(by, 'POST', '/announcements', { agencyId: SCHOOL, body: '內容', startDate: today, endDate: today, ...body }, roles, headers);
  const titlesOn = async (personId: string) =>
    ((await sys.call(personId, 'GET', '/announcements/current')).body.items as { title: string }[]).map((a) => a.title);

  it('refuses writing and the manager’s list to people who are not the agency’s managers, whatever the agency', async () => {
    const byTeacher = await post({ title: '教師不可公告' }, people.teacher.id, []);
    expect(byTeacher.status).to.equal(403);
    expect(byTeacher.body.code).to.equal('ANNOUNCEMENT_MANAGER_ONLY');
    expect(byTeacher.body.detail).to.contain('差勤管理者');
    expect((await sys.call(people.teacher.id, 'GET', `/announcements?agencyId=${SCHOOL}`)).status).to.equal(403);
    // The school's personnel officer for another agency; another agency's administrator for the school.
    const elsewhere = await post({ title: '別機關', agencyId: BUREAU });
    expect(elsewhere.status).to.equal(403);
    const otherAdmin = await sys.callIn(
      'KH-EDU',
      'demo-bureau-admin',
      'POST',
      '/announcements',
      {
        agencyId: SCHOOL,
        title: '教育局代發',
        body: 'x',
        startDate: today,
        endDate: today,
      },
      ['agency-admin'],
    );
    expect(otherAdmin.status).to.equal(403);
    expect(await sys.notification.ctx.announcements.countDocuments({ agencyId: { $in: [SCHOOL, BUREAU] } })).to.equal(0);
  });

  it('validates at the edge, naming the field in zh-TW: a reversed period, an empty title, a unit of another agency', async () => {
    const reversed = await post({ title: '倒置', startDate: addDays(today, 2), endDate: today });
    expect(reversed.status).to.equal(400);
    expect(reversed.body.code).to.equal('VALIDATION_FAILED');
    expect(JSON.stringify(reversed.body)).to.contain('公告迄日不可早於公告起日');
    const empty = await post({ title: '   ' });
    expect(empty.status).to.equal(400);
    expect(JSON.stringify(empty.body)).to.contain('標題');
    const bureauUnit = await unitOf('demo-staff');
    const foreign = await post({ title: '他機關單位', unitIds: [bureauUnit] });
    expect(foreign.status).to.equal(400);
    expect(foreign.body.code).to.equal('ANNOUNCEMENT_UNIT_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).to.contain('公告對象');
  });

  it('shows each person their agency’s current announcements for the agency or their unit, and none of another agency', async () => {
    const academic = await unitOf(people.teacher.id); // 教務處
    const personnelOffice = await unitOf(people.personnel.id); // 人事室
    const tag = randomUUID().slice(0, 8);
    const posted = [
      await post({ title: `全校-${tag}`, startDate: addDays(today, -1), endDate: addDays(today, 1) }),
      await post({ title: `教務處-${tag}`, unitIds: [academic], startDate: today, endDate: today }),
      await post({ title: `人事室-${tag}`, unitIds: [personnelOffice], endDate: addDays(today, 3) }),
      await post({ title: `未開始-${tag}`, startDate: addDays(today, 1), endDate: addDays(today, 5) }),
      await post({ title: `已結束-${tag}`, startDate: addDays(today, -5), endDate: addDays(today, -1) }),
    ];
    for (const p of posted) expect(p.status, JSON.stringify(p.body)).to.equal(201);
    expect(posted[1]!.body).to.deep.include({
      units: [{ id: academic, name: '教務處' }],
      postedBy: { id: people.personnel.id, name: people.personnel.name },
    });
    // The agency administrator posts too (and for the bureau nobody of the school sees it).
    const byAdmin = await post({ title: `行政公告-${tag}` }, people.schoolAdmin.id, ['agency-admin']);
    expect(byAdmin.status).to.equal(201);
    const bureau = await sys.callIn(
      BUREAU,
      'demo-city-admin',
      'POST',
      '/announcements',
      {
        agencyId: BUREAU,
        title: `資訊局-${tag}`,
        body: 'x',
        startDate: today,
        endDate: today,
      },
      ['system-admin'],
    );
    expect(bureau.status).to.equal(201);

    const mine = (titles: string[]) => titles.filter((t) => t.endsWith(tag));
    expect(mine(await titlesOn(people.teacher.id))).to.have.members([`全校-${tag}`, `教務處-${tag}`, `行政公告-${tag}`]);
    expect(mine(await titlesOn(people.personnel.id))).to.have.members([`全校-${tag}`, `人事室-${tag}`, `行政公告-${tag}`]);
    // The principal is in 校長室, above 教務處 and 人事室 (an announcement for a unit reaches the units below it, not above).
    expect(mine(await titlesOn(people.principal.id))).to.have.members([`全校-${tag}`, `行政公告-${tag}`]);
    const staff = (await sys.callIn(BUREAU, 'demo-staff', 'GET', '/announcements/current')).body.items as { title: string }[];
    expect(mine(staff.map((a) => a.title))).to.deep.equal([`資訊局-${tag}`]);

    // The manager's list has all of the school's, to come and past included.
    const listed = await sys.call(people.personnel.id, 'GET', `/announcements?agencyId=${SCHOOL}`, undefined, ['attendance-manager']);
    expect(listed.status).to.equal(200);
    expect(mine((listed.body.items as { title: string }[]).map((a) => a.title))).to.have.length(6);
  });

  it('posts once for a retried request with the same Idempotency-Key', async () => {
    const key = `announce-${randomUUID()}`;
    const title = `重送-${randomUUID().slice(0, 8)}`;
    const first = await post({ title }, undefined, undefined, { 'idempotency-key': key });
    const again = await post({ title }, undefined, undefined, { 'idempotency-key': key });
    expect(first.status).to.equal(201);
    expect(again.status).to.equal(201);
    expect(again.body.id).to.equal(first.body.id);
    expect(await sys.notification.ctx.announcements.countDocuments({ title })).to.equal(1);
  });

  it('withdraws an announcement from 首頁 at once, by the managers only; a second withdrawal finds nothing', async () => {
    const title = `撤下-${randomUUID().slice(0, 8)}`;
    const { body } = await post({ title });
    expect(await titlesOn(people.teacher.id)).to.include(title);
    const byTeacher = await sys.call(people.teacher.id, 'DELETE', `/announcements/${body.id}`);
    expect(byTeacher.status).to.equal(403);
    const withdrawn = await sys.call(people.schoolAdmin.id, 'DELETE', `/announcements/${body.id}`, undefined, ['agency-admin']);
    expect(withdrawn.status).to.equal(204);
    expect(await titlesOn(people.teacher.id)).to.not.include(title);
    const again = await sys.call(people.schoolAdmin.id, 'DELETE', `/announcements/${body.id}`, undefined, ['agency-admin']);
    expect(again.status).to.equal(404);
    expect(again.body.code).to.equal('ANNOUNCEMENT_NOT_FOUND');
    // Kept, marked by whom.
    expect(await sys.notification.ctx.announcements.findById(body.id).lean()).to.include({ withdrawnBy: people.schoolAdmin.id });
  });
});
