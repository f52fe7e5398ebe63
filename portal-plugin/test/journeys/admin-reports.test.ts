// 報表 in a real browser (issue 17; seed 001 7-4, 9-6, 10-1, 11-2, 12-1):
// 光華國小's teacher has half a day of 事假 (her deputy, the personnel
// officer, consents) and two hours of overtime for comp time, both approved
// by the director through the API; the personnel officer (王美玲, 差勤管理者)
// opens 差勤統計報表 from the 管理 menu, asks for that week and 教務處, reads
// the chart's figures in its table and the teacher's line, and downloads
// the XLSX, read back — the same figures the leave service answers. She then
// finds 吳淑芬 (the demo's separated teacher) on 離職人員查詢, number masked,
// and downloads the agency's people as XLSX from 基本資料維護, numbers masked.
// The agency administrator has no 差勤統計報表 and gets the leave service's
// refusal at its address. Each viewport uses a week of its own in February
// 116 (2027), which no other journey touches.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { eventually } from '@webitr/testkit';
import type { LeaveStatisticsView } from '@webitr/contracts/views/leave';
import { adminUrl } from '../../src/web/app/admin.ts';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, screenshot } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { ensureDeputy, fileLeave, typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** This viewport's week (Monday to Sunday) and the two days of the teacher's forms in it. */
const weekOf = (viewport: Viewport) =>
  viewport === 'phone'
    ? { from: '2027-02-15', to: '2027-02-21', leaveDay: '2027-02-17', overtimeDay: '2027-02-18', roc: '116-02-15至116-02-21' }
    : { from: '2027-02-22', to: '2027-02-28', leaveDay: '2027-02-23', overtimeDay: '2027-02-24', roc: '116-02-22至116-02-28' };

/** The director decides a case once it is in his inbox (a day's leave and overtime are the unit head's alone in the demo flow). */
async function approveAsDirector(director: Page, formId: string): Promise<void> {
  const caseId = `${formId}:request:1`;
  await eventually(
    async () => {
      const inbox = await callApi(director, 'GET', '/api/approvals/inbox?limit=200');
      return (inbox.body.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
    },
    `case ${caseId} in the director's inbox`,
    30_000,
  );
  const decided = await callApi(director, 'POST', `/api/approvals/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
  expect(decided.status, JSON.stringify(decided.body)).to.equal(200);
}

for (const viewport of VIEWPORTS) {
  describe(`報表: 差勤統計報表, 離職人員查詢, 下載機關所有員工資料 (${viewport})`, function () {
    this.timeout(400_000);
    const people: Person[] = [];
    const week = weekOf(viewport);
    let personnel: Person;

    before(async function () {
      this.timeout(180_000);
      await theSystem();
      personnel = await newPerson('personnel', { viewport });
      people.push(personnel);
    });

    after(async () => {
      for (const person of people) await person.close();
    });

    it('the teacher’s 事假 and overtime of the week are approved', async () => {
      const teacher = await newPerson('teacher', { viewport: 'desktop' });
      const director = await newPerson('director', { viewport: 'desktop' });
      people.push(teacher, director);
      await ensureDeputy(teacher.page, 'demo-personnel');
      const leave = await fileLeave(teacher.page, {
        leaveType: 'personal',
        start: `${week.leaveDay} 08:00`,
        end: `${week.leaveDay} 12:00`,
        reason: '家中有事',
        deputyId: 'demo-personnel',
      });
      const consent = await callApi(personnel.page, 'POST', `/api/leave/forms/${encodeURIComponent(leave.id)}/deputy/consent`, {});
      expect(consent.status, JSON.stringify(consent.body)).to.equal(200);
      const overtime = await callApi(
        teacher.page,
        'POST',
        '/api/leave/forms/overtime',
        { start: `${week.overtimeDay} 16:30`, end: `${week.overtimeDay} 18:30`, reason: '校慶籌備', compensation: 'comp-time' },
        true,
      );
      expect(overtime.status, JSON.stringify(overtime.body)).to.equal(201);
      for (const id of [leave.id, overtime.body.items[0].id as string]) {
        await approveAsDirector(director.page, id);
        await eventually(
          async () =>
            (await callApi(teacher.page, 'GET', `/api/leave/forms/${encodeURIComponent(id)}`)).body.status === 'approved'
              ? true
              : undefined,
          `form ${id} approved`,
          30_000,
        );
      }
    });

    it('the personnel officer reads the week’s 差勤統計報表 for 教務處: chart, tables and the XLSX, as the leave service counts them', async () => {
      const { page } = personnel;
      const system = await theSystem();
      await page.goto(system.url('/'));
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '差勤統計報表' }).click();
      await page.getByRole('heading', { name: '差勤統計報表', level: 1 }).waitFor();
      await typeDate(page, '起日', week.from);
      await typeDate(page, '迄日', week.to);
      await page.getByRole('button', { name: /單位/ }).click();
      await page.getByRole('option', { name: '教務處' }).click();
      await page.getByRole('button', { name: '查詢', exact: true }).click();
      await page.locator('#statistics-status', { hasText: `教務處，${week.roc.slice(0, 9)} (一) 至 ${week.roc.slice(10)} (日)` }).waitFor();

      // The service's own answer for the same question.
      const units = await callApi(page, 'GET', `/api/directory/agencies/${SCHOOL}/units`);
      const unitId = (units.body.items as { id: string; name: string }[]).find((u) => u.name === '教務處')!.id;
      const answer = await callApi<LeaveStatisticsView>(
        page,
        'GET',
        `/api/leave/agencies/${SCHOOL}/statistics?from=${week.from}&to=${week.to}&unitId=${encodeURIComponent(unitId)}`,
      );
      expect(answer.status).to.equal(200);
      const teacherLine = answer.body.people.find((p) => p.name === '陳怡君')!;
      expect(teacherLine.amounts.personal).to.deep.equal({ count: 1, minutes: 240, text: '0日4小時' });
      expect(teacherLine.amounts['overtime:comp-time']).to.deep.equal({ count: 1, minutes: 120, text: '2小時' });

      // The chart says every total in its name; the table beside it shows the same.
      const chart = page.locator('#statistics-chart svg');
      expect(await chart.getAttribute('aria-label'))
        .to.contain('事假 0日4小時')
        .and.contain('加班（補休） 2小時');
      const totals: string[][] = [];
      for (const r of await page.locator('#statistics-totals tbody tr').all()) totals.push(await r.locator('th, td').allInnerTexts());
      expect(totals).to.deep.include.members([
        ['事假', '1', '0日4小時'],
        ['加班（補休）', '1', '2小時'],
      ]);
      const row = page.locator('#statistics-people tbody tr', { has: page.getByRole('rowheader', { name: '陳怡君' }) });
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells[0]).to.equal('教務處');
      expect(cells).to.include('0日4小時').and.include('2小時');
      await checkPage(page, 'admin-leave-statistics');

      // XLSX: the teacher's line, read back with the library that wrote it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下載 XLSX' }).click()]);
      expect(download.suggestedFilename()).to.equal(`差勤統計-教務處-${week.roc}.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
      const rows: unknown[][] = [];
      book.getWorksheet('個人統計')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      const header = rows[0]!;
      const line = rows.find((r) => r[0] === '陳怡君')!;
      expect(line[header.indexOf('事假（分鐘）')]).to.equal(240);
      expect(line[header.indexOf('加班（補休）')]).to.equal('2小時');
      expect(book.getWorksheet('單位統計')!.getRow(2).getCell(1).value).to.equal('教務處');
    });

    it('finds the separated teacher on 離職人員查詢, number masked, as the directory answers', async () => {
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '離職人員查詢' }).click();
      await page.getByRole('heading', { name: '離職人員查詢', level: 1 }).waitFor();
      const form = page.getByRole('form', { name: '查詢條件' });
      await form.getByLabel('姓名').fill('吳淑芬');
      await form.getByRole('button', { name: '查詢', exact: true }).click();
      await page.getByRole('heading', { name: '離職人員（共 1 人）' }).waitFor();
      const answer = await callApi(page, 'GET', `/api/directory/agencies/${SCHOOL}/people/separated?name=${encodeURIComponent('吳淑芬')}`);
      const shown = answer.body.items[0] as { nationalIdMasked: string; separatedOn: string };
      expect(shown.nationalIdMasked).to.match(/^E22\*{5}\d{2}$/);
      const cells = await page.locator('#separated-people tbody tr').first().getByRole('cell').allInnerTexts();
      expect(cells[0]).to.equal(shown.nationalIdMasked);
      expect(cells.slice(1, 4)).to.deep.equal(['教務處', '代理教師', '代理教師']);
      expect(await page.locator('main').innerText()).not.to.contain('E226789012');
      await checkPage(page, 'admin-separated-people');
    });

    it('downloads the agency’s people as XLSX from 基本資料維護, numbers masked', async () => {
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '基本資料維護' }).click();
      await page.getByRole('heading', { name: '基本資料維護', level: 1 }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下載機關所有員工資料（XLSX）' }).click(),
      ]);
      expect(download.suggestedFilename()).to.match(/^KH-GUANGHUA-ES-people-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
      const ids: string[] = [];
      book.getWorksheet('員工資料')!.eachRow((r, n) => n > 1 && ids.push(String(r.getCell(1).value)));
      expect(ids.length).to.be.greaterThan(5);
      for (const id of ids) expect(id).to.match(/^[A-Z]\d{2}\*{5}\d{2}$/);
      expectClean(page);
    });

    it('the agency administrator has no 差勤統計報表 and gets the leave service’s refusal at its address', async () => {
      const admin = await newPerson('school-admin', { viewport });
      people.push(admin);
      const { page } = admin;
      const system = await theSystem();
      const menu = page.getByRole('navigation', { name: '管理' });
      await menu.getByRole('link', { name: '離職人員查詢' }).waitFor();
      expect(await menu.getByRole('link', { name: '差勤統計報表' }).count()).to.equal(0);
      await page.waitForLoadState('networkidle');
      expectRefusal(page, 403, '/api/leave/agencies/');
      const refused = page.waitForResponse((r) => r.url().includes('/statistics') && r.status() === 403);
      await page.goto(system.url(adminUrl(SCHOOL, 'reports/leave')));
      expect(((await (await refused).json()) as { code: string }).code).to.equal('ATTENDANCE_MANAGER_ONLY');
      await page.locator('main [data-problem-code="ATTENDANCE_MANAGER_ONLY"]').waitFor();
      expect(await page.locator('main table').count()).to.equal(0);
      await checkPage(page, 'admin-leave-statistics-refused');
    });
  });
}
