// 人事公告欄, 稽核紀錄 and 寄送失敗通知 in a real browser, at both sizes:
// - the personnel officer (王美玲, 差勤管理者) posts an announcement for 教務處;
//   the teacher (教務處) sees it on 首頁, the personnel officer's own 首頁 does not
//   have it (人事室), and once withdrawn it is gone — read back from the service;
// - the teacher tries the audit log and is refused; the system administrator
//   (李國強) finds that refusal on 稽核紀錄 by 人員, 結果 and day;
// - the school administrator (黃建華) names a new colleague whose address the
//   mail server refuses for good (the development mailbox refuses `.invalid`) as
//   deputy: the mail asking them is listed on 寄送失敗通知 with the server's
//   reason, and sent again from there (refused again: listed anew).
// Data of its own: the leave dates 2027-07-06/07 (the form is withdrawn at the
// end), a new person per size, and announcement titles per size.
import { expect } from 'chai';
import { nationalIdProblem } from '@webitr/contracts/forms/directory';
import type { AnnouncementList, FailedMailList } from '@webitr/contracts/views/notification';
import type { AuditPage } from '@webitr/contracts/forms/audit';
import { eventually } from '@webitr/testkit';
import { adminUrl } from '../../src/web/app/admin.ts';
import { callApi } from '../support/api.ts';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, screenshot } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { day, ensureDeputy, fileLeave, typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const LEAVE_DATE: Record<Viewport, string> = { phone: '2027-07-06', desktop: '2027-07-07' };
const SIZE: Record<Viewport, string> = { phone: '手機', desktop: '桌機' };
/** Today in Taipei (ISO), as the services count announcement dates and the audit log's days. */
const taipeiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A valid national ID number from its first nine characters (the check digit found). */
function validId(stem: string): string {
  for (let d = 0; d < 10; d += 1) if (!nationalIdProblem(stem + d)) return stem + d;
  throw new Error(`no check digit for ${stem}`);
}

for (const viewport of VIEWPORTS) {
  describe(`人事公告欄, 稽核紀錄 and 寄送失敗通知 in a browser (${viewport})`, function () {
    this.timeout(300_000);
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      await theSystem();
    });

    afterEach(async () => {
      for (const p of people.splice(0)) await p.close();
    });

    it('the personnel officer posts an announcement for 教務處; the teacher sees it on 首頁 until it is withdrawn', async () => {
      const title = `段考監考說明（${SIZE[viewport]}）`;
      const personnel = await newPerson('personnel', { viewport, returnTo: adminUrl(SCHOOL, 'announcements') });
      people.push(personnel);
      const { page } = personnel;
      await page.getByRole('heading', { name: '人事公告欄', level: 1 }).waitFor();
      const form = page.getByRole('form', { name: '新增公告' });
      await form.getByLabel('標題').fill(title);
      await form.getByLabel('內容').fill('第一次段考監考表已公布。\n請於 11 月 30 日前回覆。');
      await form.getByRole('button', { name: /公告對象/ }).click();
      await page.getByRole('option', { name: '指定單位' }).click();
      // 指定單位 with none ticked is asked for, not sent as the whole agency.
      await form.getByRole('button', { name: '新增公告' }).click();
      await form.getByText('請勾選公告對象單位').waitFor();
      await form.getByText('教務處', { exact: true }).click();
      await form.getByRole('button', { name: '新增公告' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `已公告「${title}」` })
        .waitFor();
      const item = page.locator('.announcement-list li', { has: page.getByRole('heading', { name: title }) });
      await item.waitFor();
      expect(await item.innerText())
        .to.contain('公告中')
        .and.contain('對象：教務處')
        .and.contain('王美玲');
      await screenshot(page, 'admin-announcements');
      await checkA11y(page);
      expectClean(page);
      const listed = await callApi<AnnouncementList>(page, 'GET', `/api/notifications/announcements?agencyId=${SCHOOL}`);
      const posted = listed.body.items.find((a) => a.title === title)!;
      expect(posted).to.deep.include({ startDate: taipeiToday(), body: '第一次段考監考表已公布。\n請於 11 月 30 日前回覆。' });
      expect(posted.units.map((u) => u.name)).to.deep.equal(['教務處']);
      // Not for 人事室, where the personnel officer works.
      const own = await callApi<AnnouncementList>(page, 'GET', '/api/notifications/announcements/current');
      expect(own.body.items.map((a) => a.title)).to.not.include(title);

      const teacher = await newPerson('teacher', { viewport });
      people.push(teacher);
      const home = teacher.page;
      const board = home.getByRole('region', { name: '人事公告' });
      await board.getByRole('heading', { name: title }).waitFor();
      expect(await board.innerText())
        .to.contain('請於 11 月 30 日前回覆')
        .and.contain('王美玲');
      await home.waitForLoadState('networkidle');
      await screenshot(home, 'home-announcements');
      await checkA11y(home);
      expectClean(home);
      const seen = await callApi<AnnouncementList>(home, 'GET', '/api/notifications/announcements/current');
      expect(seen.body.items.map((a) => a.title)).to.include(title);

      // 刪除, after 「是否確定刪除此公告？」: gone from the teacher's 首頁 at once.
      await item.getByRole('button', { name: `刪除公告「${title}」` }).click();
      const dialog = page.getByRole('alertdialog', { name: '是否確定刪除此公告？' });
      await dialog.getByRole('button', { name: '刪除' }).click();
      await item.waitFor({ state: 'detached' });
      const after = await callApi<AnnouncementList>(home, 'GET', '/api/notifications/announcements/current');
      expect(after.body.items.map((a) => a.title)).to.not.include(title);
      expectClean(page);
    });

    it('records the teacher’s refusal at the audit log, which the system administrator finds by 人員, 結果 and day', async () => {
      const teacher = await newPerson('teacher', { viewport });
      people.push(teacher);
      await teacher.page.waitForLoadState('networkidle');
      expectRefusal(teacher.page, 403, '/api/admin/audit');
      const refused = await callApi(teacher.page, 'GET', '/api/admin/audit');
      expect(refused.status).to.equal(403);
      expect(refused.body.code).to.equal('ADMIN_ROLE_REQUIRED');

      const admin = await newPerson('city-admin', { viewport, returnTo: adminUrl(SCHOOL, 'audit') });
      people.push(admin);
      const { page } = admin;
      await page.getByRole('heading', { name: '稽核紀錄', level: 1 }).waitFor();
      await page.locator('#audit-log tbody tr').first().waitFor();
      const filters = page.getByRole('form', { name: '查詢條件' });
      await filters.getByLabel('人員').fill('陳怡君');
      await page.getByRole('option', { name: /陳怡君/ }).click();
      await filters.getByRole('button', { name: /結果/ }).click();
      await page.getByRole('option', { name: '拒絕' }).click();
      await typeDate(page, '起日', taipeiToday());
      const filtered = page.waitForResponse((r) => r.url().includes('/api/admin/audit?') && r.url().includes('outcome=refused'));
      await filters.getByRole('button', { name: '查詢', exact: true }).click();
      expect((await filtered).status()).to.equal(200);
      // The unfiltered page (the administrator's own reading among it) gives way to the teacher's refusals.
      await page.locator('#audit-log tbody tr').filter({ hasNotText: '陳怡君' }).first().waitFor({ state: 'detached' });
      const found = page.locator('#audit-log tbody tr', { hasText: 'GET /api/admin/audit' });
      await found.first().waitFor();
      const rows = await page.locator('#audit-log tbody tr').allInnerTexts();
      for (const row of rows) expect(row).to.contain('陳怡君').and.contain('拒絕');
      const text = await found.first().innerText();
      expect(text).to.contain('ADMIN_ROLE_REQUIRED').and.contain('拒絕存取').and.contain('127.0.0.x');
      expect(await page.locator('main').innerText()).to.not.contain('127.0.0.1');
      await screenshot(page, 'admin-audit');
      await checkA11y(page);
      expectClean(page);
      const read = await callApi<AuditPage>(page, 'GET', `/api/admin/audit?personId=demo-teacher&outcome=refused&from=${taipeiToday()}`);
      expect(read.body.items.some((i) => i.reason === 'ADMIN_ROLE_REQUIRED' && i.path === '/api/admin/audit')).to.equal(true);
    });

    it('lists a deputy’s mail the mail server refused for good on 寄送失敗通知, with the reason, and sends it again', async () => {
      const admin = await newPerson('school-admin', { viewport });
      people.push(admin);
      const { page } = admin;
      await page.waitForLoadState('networkidle');
      // A new colleague at 總務處 whose address cannot exist, named as deputy on a day's 事假.
      const units = await callApi<{ items: { id: string; name: string }[] }>(page, 'GET', `/api/directory/agencies/${SCHOOL}/units`);
      const unitId = units.body.items.find((u) => u.name === '總務處')!.id;
      const name = viewport === 'phone' ? '退信甲' : '退信乙';
      const created = await callApi(
        page,
        'POST',
        `/api/directory/agencies/${SCHOOL}/people`,
        {
          nationalId: validId(`E177700${viewport === 'phone' ? 1 : 2}5`),
          name,
          email: `bounce-${viewport}@nobody.invalid`,
          unitId,
          jobCategory: '職員',
          title: '幹事',
        },
        true,
      );
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const deputyId = created.body.id as string;
      await ensureDeputy(page, deputyId);
      const form = await fileLeave(page, { leaveType: 'personal', ...day(LEAVE_DATE[viewport]), deputyId, reason: '退信測試' });

      // The service asks the deputy at once; the server's 550 fails the mail for good on its first attempt.
      const failedFor = async () =>
        (await callApi<FailedMailList>(page, 'GET', `/api/notifications/failed?agencyId=${SCHOOL}`)).body.items.find(
          (i) => i.recipientId === deputyId,
        );
      const failed = await eventually(failedFor, 'the deputy’s mail marked failed', 30_000);
      expect(failed.reason).to.contain('550');

      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '寄送失敗通知' }).click();
      await page.getByRole('heading', { name: '寄送失敗通知', level: 1 }).waitFor();
      const row = page.locator(`tr[data-notification-id="${failed.id}"]`);
      await row.waitFor();
      expect(await row.innerText())
        .to.contain(name)
        .and.contain(`bo***@nobody.invalid`)
        .and.contain('代理通知')
        .and.contain('550');
      await screenshot(page, 'admin-failed-mail');
      await checkA11y(page);
      expectClean(page);

      const retried = page.waitForResponse((r) => r.url().endsWith(`/failed/${encodeURIComponent(failed.id)}/retry`));
      await row.getByRole('button', { name: '重新寄送' }).click();
      expect((await retried).status()).to.equal(202);
      // Sent again and refused again: failed anew, listed again on the page (asked again after a retry).
      const again = await eventually(
        async () => {
          const item = await failedFor();
          return item && item.failedAt !== failed.failedAt ? item : undefined;
        },
        'the retried mail failed anew',
        30_000,
      );
      expect(again.attempts).to.equal(1);
      await row.waitFor();
      expectClean(page);

      // Leave the school administrator as found: the form withdrawn, the deputy off the list.
      expect((await callApi(page, 'POST', `/api/leave/forms/${form.id}/withdraw`)).status).to.equal(200);
      expect((await callApi(page, 'DELETE', `/api/leave/deputies/${deputyId}`)).status).to.be.oneOf([200, 204]);
    });
  });
}
