import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { LeaveStatisticsView } from '@webitr/contracts';
import { agency, expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/**
 * 差勤、加班統計報表 (GET /agencies/:id/statistics): approved leave, comp time
 * and overtime of August 113 (2024) added up per person, per unit and in all
 * by the real service on the real store; a form reaching into September
 * counts only its August day; pending forms and other agencies' forms do not
 * count; refusals; the CSV and the XLSX read back.
 */
describe('leave statistics: 差勤、加班統計報表 (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('statistics');
  const su = person('蘇怡君');
  const chan = person('詹香瑜', { unitName: '會計室' });
  const boss = manager('陳主任');
  const admin = person('黃機關管理員', { grants: ['agency-admin'] });
  const otherBoss = person('他機關人事', { agencyId: 'A-OTHER', grants: ['attendance-manager'] });
  const other = person('他機關同仁', { agencyId: 'A-OTHER' });
  const AUGUST = 'from=113-08-01&to=113-08-31';
  const path = (query: string, agencyId = agency) => `/agencies/${agencyId}/statistics?${query}`;

  const file = async (who: typeof su, kind: 'leave' | 'overtime', body: Record<string, unknown>): Promise<FormBody> => {
    const res = await h.as<Items<FormBody>>(who, 'POST', `/forms/${kind}`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.items[0]!;
  };
  /** The deputy consents (leave), then the approval service's 決行 arrives. */
  const approve = async (who: typeof su, form: FormBody, deputy?: typeof su) => {
    if (deputy) expect((await h.as(deputy, 'POST', `/forms/${form.id}/deputy/consent`)).status).to.equal(200);
    await h.decide('approval.form.approved', {
      formId: form.id,
      kind: form.kind as 'leave',
      subject: 'request',
      submission: 1,
      decidedBy: boss.id,
    });
    await h.formReaches(who, form.id, 'approved');
  };

  before(async () => {
    await h.start();
    await h.directory.add(su, chan, boss, admin, otherBoss, other);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
    await h.as(chan, 'POST', '/deputies', { personId: su.id });
    await h.as(other, 'POST', '/deputies', { personId: otherBoss.id });
    // 蘇怡君 (人事室): 事假 half a day, 休假 of two days of which the second is in September, overtime for comp time.
    await approve(
      su,
      await file(su, 'leave', { leaveType: 'personal', start: '113-08-12 08:00', end: '113-08-12 12:00', reason: '家事' }),
      chan,
    );
    await approve(
      su,
      await file(su, 'leave', { leaveType: 'annual', start: '113-08-30 08:00', end: '113-09-02 17:15', reason: '旅遊' }),
      chan,
    );
    await approve(
      su,
      await file(su, 'overtime', { start: '113-08-05 17:30', end: '113-08-05 20:30', reason: '研習籌備', compensation: 'comp-time' }),
    );
    // 詹香瑜 (會計室): paid overtime on a Saturday, approved; 事假 still pending (not counted).
    await approve(
      chan,
      await file(chan, 'overtime', { start: '113-08-10 08:00', end: '113-08-10 12:00', reason: '結算', compensation: 'pay' }),
    );
    await file(chan, 'leave', { leaveType: 'personal', start: '113-08-13 08:00', end: '113-08-13 12:00', reason: '家事' });
    // Another agency's approved leave: never in this agency's figures.
    await approve(
      other,
      await file(other, 'leave', { leaveType: 'personal', start: '113-08-12 08:00', end: '113-08-12 17:15', reason: '家事' }),
      otherBoss,
    );
  });
  after(() => h.stop());

  it('refuses everyone but the agency’s attendance managers, each by the permission table', async () => {
    expectProblem(await h.as(su, 'GET', path(AUGUST)), 403, 'ATTENDANCE_MANAGER_ONLY');
    // The agency administrator runs accounts, not attendance (view-leave-reports is the attendance manager's).
    expectProblem(await h.as(admin, 'GET', path(AUGUST)), 403, 'ATTENDANCE_MANAGER_ONLY');
    expectProblem(await h.as(otherBoss, 'GET', path(AUGUST)), 403, 'ATTENDANCE_MANAGER_ONLY');
    expectProblem(await h.as(boss, 'GET', path(AUGUST, 'A-OTHER')), 403, 'ATTENDANCE_MANAGER_ONLY');
  });

  it('refuses a period that is backwards, longer than a year or missing, naming the field', async () => {
    const p = expectProblem(await h.as(boss, 'GET', path('from=113-08-31&to=113-08-01')), 400, 'VALIDATION_FAILED', 'query.to');
    expect(p.detail).to.contain('迄日');
    expectProblem(await h.as(boss, 'GET', path('from=112-01-01&to=113-08-01')), 400, 'VALIDATION_FAILED', 'query.to');
    expectProblem(await h.as(boss, 'GET', path('to=113-08-01')), 400, 'VALIDATION_FAILED', 'query.from');
    expectProblem(await h.as(boss, 'GET', path(`${AUGUST}&format=pdf`)), 400, 'VALIDATION_FAILED', 'query.format');
  });

  it('adds up the approved forms of the period per person, per unit and in all', async () => {
    const res = await h.as<LeaveStatisticsView>(boss, 'GET', path(AUGUST));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const view = res.body;
    expect(view).to.include({ agencyId: agency, from: '2024-08-01', to: '2024-08-31', unitId: null, unitName: null });
    expect(view.columns.map((c) => c.label)).to.deep.equal(['休假', '事假', '加班（補休）', '加班（加班費）']);
    const line = (name: string) => view.people.find((p) => p.name === name)!;
    expect(line('蘇怡君').amounts).to.deep.equal({
      annual: { count: 1, minutes: 480, text: '1日0小時' },
      personal: { count: 1, minutes: 240, text: '0日4小時' },
      'overtime:comp-time': { count: 1, minutes: 180, text: '3小時' },
    });
    expect(line('蘇怡君').leave).to.deep.equal({ count: 2, minutes: 720, text: '1日4小時' });
    expect(line('詹香瑜').amounts).to.deep.equal({ 'overtime:pay': { count: 1, minutes: 240, text: '4小時' } });
    expect(view.people.map((p) => p.name)).to.have.members(['蘇怡君', '詹香瑜']);
    expect(view.units.map((u) => [u.name, u.leave.minutes, u.overtime.minutes])).to.have.deep.members([
      ['人事室', 720, 180],
      ['會計室', 0, 240],
    ]);
    expect(view.total.leave).to.deep.equal({ count: 2, minutes: 720, text: '1日4小時' });
    expect(view.total.overtime).to.deep.equal({ count: 2, minutes: 420, text: '7小時' });
    // September holds the 休假's second day only.
    const september = await h.as<LeaveStatisticsView>(boss, 'GET', path('from=113-09-01&to=113-09-30'));
    expect(september.body.total.amounts).to.deep.equal({ annual: { count: 1, minutes: 480, text: '1日0小時' } });
  });

  it('narrows to one unit', async () => {
    const res = await h.as<LeaveStatisticsView>(boss, 'GET', path(`${AUGUST}&unitId=${chan.unitId}`));
    expect(res.body).to.include({ unitId: chan.unitId, unitName: '會計室' });
    expect(res.body.people.map((p) => p.name)).to.deep.equal(['詹香瑜']);
    expect(res.body.total.leave.minutes).to.equal(0);
    expect(res.body.total.overtime.minutes).to.equal(240);
  });

  it('downloads the same figures as CSV (BOM, formula-safe) and as XLSX, read back', async () => {
    const csv = await h.as(boss, 'GET', path(`${AUGUST}&format=csv`));
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    expect(decodeURIComponent(csv.headers.get('content-disposition')!)).to.contain('差勤統計-全機關-113-08-01至113-08-31.csv');
    const text = csv.raw.toString('utf8');
    expect(text.charCodeAt(0)).to.equal(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).to.equal('差勤、加班統計 全機關 113-08-01 至 113-08-31');
    expect(lines[1]).to.match(/^姓名,單位,休假（件）,休假（分鐘）,休假,事假（件）/);
    expect(lines).to.include('蘇怡君,人事室,1,480,1日0小時,1,240,0日4小時,1,180,3小時,0,0,,720,1日4小時,180,3小時');
    expect(lines).to.include('合計,,1,480,1日0小時,1,240,0日4小時,1,180,3小時,1,240,4小時,720,1日4小時,420,7小時');

    const xlsx = await h.as(boss, 'GET', path(`${AUGUST}&format=xlsx`));
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers.get('content-type')).to.contain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const people = book.getWorksheet('個人統計')!;
    expect(people.getRow(1).getCell(1).value).to.equal('姓名');
    const rows = people.getSheetValues().slice(2) as unknown[][];
    const su = rows.find((r) => r?.[1] === '蘇怡君')!;
    // Minutes are number cells a spreadsheet adds up; the text beside them as the page shows it.
    expect(su.slice(1, 6)).to.deep.equal(['蘇怡君', '人事室', 1, 480, '1日0小時']);
    expect(rows.at(-1)!.slice(1, 3)).to.deep.equal(['合計', undefined]);
    const units = book.getWorksheet('單位統計')!;
    expect(units.getRow(1).getCell(1).value).to.equal('單位名稱');
    expect(units.rowCount).to.equal(1 + 2 + 1);
  });
});
