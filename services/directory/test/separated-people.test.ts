import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { client, demo, person, startTestDirectory, validNationalId } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

/**
 * 離職人員查詢 (GET /agencies/:id/people/separated, seed 001 11-2) and the
 * separated people as a file (下載機關所有員工資料 with status=separated):
 * by the period of the 離職, with its reason, national IDs masked; who may.
 */
describe('離職人員查詢 and the export of separated people (integration)', function () {
  this.timeout(120_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const admin = demo.schoolAdmin;
  const SCHOOL = '/agencies/KH-GUANGHUA-ES';
  const RETIRED_ID = validNationalId('M', 41);
  const MOVED_ID = validNationalId('N', 42);
  const ids: Record<string, string> = {};

  before(async () => {
    directory = await startTestDirectory('directory-separated');
    api = client(directory.url);
    for (const [name, nationalId, date, reason] of [
      ['退休者', RETIRED_ID, '2025-03-31', '退休'],
      ['調職者', MOVED_ID, '2025-07-31', '調職至高雄市政府'],
    ] as const) {
      const created = await api.post(admin, `${SCHOOL}/people`, {
        nationalId,
        name,
        jobCategory: '職員',
        title: '幹事',
        serviceStartDate: '2015-08-01',
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      ids[name] = created.body.id;
      const separated = await api.post(admin, `/people/${created.body.id}/separate`, { date, reason });
      expect(separated.status, JSON.stringify(separated.body)).to.equal(200);
    }
  });
  after(() => directory?.stop());

  it('lists the people whose 離職 took effect in the period, newest first, with the reason and the number masked', async () => {
    const all = await api.get(demo.personnel, `${SCHOOL}/people/separated`);
    expect(all.status, JSON.stringify(all.body)).to.equal(200);
    const names = all.body.items.map((p: { name: string }) => p.name);
    expect(names).to.include.members(['退休者', '調職者', '吳淑芬']);
    const year = await api.get(demo.personnel, `${SCHOOL}/people/separated?from=114-01-01&to=114-12-31`);
    expect(year.body).to.include({ total: 2, page: 1 });
    expect(year.body.items).to.deep.equal([
      {
        id: ids['調職者'],
        name: '調職者',
        nationalIdMasked: `${MOVED_ID.slice(0, 3)}*****${MOVED_ID.slice(-2)}`,
        title: '幹事',
        jobCategory: '職員',
        serviceStartDate: '2015-08-01',
        separatedOn: '2025-07-31',
        reason: '調職至高雄市政府',
      },
      {
        id: ids['退休者'],
        name: '退休者',
        nationalIdMasked: `${RETIRED_ID.slice(0, 3)}*****${RETIRED_ID.slice(-2)}`,
        title: '幹事',
        jobCategory: '職員',
        serviceStartDate: '2015-08-01',
        separatedOn: '2025-03-31',
        reason: '退休',
      },
    ]);
    expect(year.raw.toString()).not.to.contain(RETIRED_ID).and.not.to.contain(MOVED_ID);
    const half = await api.get(demo.personnel, `${SCHOOL}/people/separated?from=2025-01-01&to=2025-06-30`);
    expect(half.body.items.map((p: { name: string }) => p.name)).to.deep.equal(['退休者']);
    const byName = await api.get(demo.personnel, `${SCHOOL}/people/separated?name=${encodeURIComponent('調職')}`);
    expect(byName.body.items.map((p: { name: string }) => p.name)).to.deep.equal(['調職者']);
    const paged = await api.get(demo.personnel, `${SCHOOL}/people/separated?from=114-01-01&to=114-12-31&page=2&pageSize=1`);
    expect(paged.body.items.map((p: { name: string }) => p.name)).to.deep.equal(['退休者']);
  });

  it('refuses a date that is not one, naming the field', async () => {
    const bad = await api.get(demo.personnel, `${SCHOOL}/people/separated?from=114-02-30`);
    expect([bad.status, bad.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(bad.body.errors[0]).to.include({ field: 'query.from', label: '離職日起' });
  });

  it('is for the agency’s administrators and attendance managers (view-people) and system administrators only', async () => {
    expect((await api.get(admin, `${SCHOOL}/people/separated`)).status).to.equal(200);
    expect((await api.get(demo.cityAdmin, `${SCHOOL}/people/separated`)).status).to.equal(200);
    const teacher = await api.get(demo.teacher, `${SCHOOL}/people/separated`);
    expect([teacher.status, teacher.body.code]).to.deep.equal([403, 'ADMIN_ROLE_REQUIRED']);
    const elsewhere = await api.get(person('someone', 'TP-DOIT', 'attendance-manager'), `${SCHOOL}/people/separated`);
    expect([elsewhere.status, elsewhere.body.code]).to.deep.equal([403, 'OUTSIDE_AGENCY']);
  });

  it('downloads the separated people as XLSX, numbers masked', async () => {
    const res = await api.get(demo.personnel, `${SCHOOL}/people/export?format=xlsx&status=separated`);
    expect(res.status).to.equal(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('員工資料')!;
    const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2], r[8]]);
    expect(rows).to.deep.include([`${RETIRED_ID.slice(0, 3)}*****${RETIRED_ID.slice(-2)}`, '退休者', '離職']);
    expect(rows.every((r) => r[2] === '離職')).to.equal(true);
  });
});
