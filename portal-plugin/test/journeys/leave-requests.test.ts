// 申請案件 and 差假查詢 in a real browser against the whole system, at a
// phone's and a desktop's size: the staff member (張雅婷, 臺北市政府資訊局)
// files 事假 through the API (差假申請 is another page), finds it among her
// forms, opens it, withdraws it with 「是否確定撤銷？」 and gets the day back;
// 差假查詢 shows the year's ledger and downloads it as CSV. Dates are in 116
// (2027), days of their own, so other journeys' forms do not overlap.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi, day, ensureDeputy, fileLeave, remainingOf } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';
import type { RunningSystem } from '../support/system.ts';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** The form's link in whichever list the size shows (cards on a phone, the table on a desktop). */
const formLink = (page: Page, formId: string) => page.locator(`[data-form-id="${formId}"]`).getByRole('link').first();

const DATES = {
  phone: { withdraw: '2027-05-03', records: '2027-05-17' },
  desktop: { withdraw: '2027-05-04', records: '2027-05-18' },
} as const;

for (const viewport of VIEWPORTS) {
  describe(`申請案件 and 差假查詢 in a browser (${viewport})`, function () {
    let system: RunningSystem;
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      system = await theSystem();
    });

    afterEach(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    it('lists a pending 事假, opens it and withdraws it after 「是否確定撤銷？」, giving the day back', async () => {
      const staff = await newPerson('staff', { viewport, returnTo: '/leave/requests' });
      people.push(staff);
      const { page } = staff;
      const date = DATES[viewport].withdraw;
      await ensureDeputy(page, 'demo-city-admin');
      const before = await remainingOf(page, 'personal', date);
      const form = await fileLeave(page, { leaveType: 'personal', ...day(date), deputyId: 'demo-city-admin', reason: '家中有事' });
      expect(form.minutes).to.equal(480);
      expect(await remainingOf(page, 'personal', date)).to.equal(before - form.minutes);

      await page.goto(system.url('/leave/requests?status=pending'));
      await page.getByRole('heading', { name: '申請案件', level: 1 }).waitFor();
      const link = formLink(page, form.id);
      await link.waitFor();
      const entry = page.locator(`[data-form-id="${form.id}"]`).locator('visible=true');
      const text = await entry.innerText();
      // Taipei's ROC date with its weekday, whatever the browser's zone; the state and where it stands.
      expect(text).to.contain('116-05-0').and.contain('08:00 ~ 17:30').and.contain('申請中').and.contain('待職務代理人 李國強 同意');
      await checkPage(page, 'leave-requests');

      await link.click();
      await page.waitForURL(`**/leave/requests/${form.id}`);
      await page.getByRole('heading', { name: '處理紀錄' }).waitFor();
      expect(await page.locator('main').innerText())
        .to.contain('送出申請')
        .and.contain('家中有事');
      // No approval case before the deputy consents: the route says so in words, and nothing asked for the case.
      expect(await page.getByRole('region', { name: '批核流程' }).innerText()).to.contain('待職務代理人同意後送出批核');
      await page.getByRole('link', { name: '修改' }).waitFor();
      expect(await page.getByRole('link', { name: '修改' }).getAttribute('href')).to.equal(`/leave/apply?modify=${form.id}`);
      await checkPage(page, 'leave-request');

      await page.getByRole('button', { name: '撤回' }).click();
      const dialog = page.getByRole('alertdialog', { name: '是否確定撤銷？' });
      await dialog.waitFor();
      await checkPage(page, 'leave-request-withdraw-confirm');
      await dialog.getByRole('button', { name: '確定' }).click();
      await page.locator('main').getByText('已撤回').first().waitFor();
      // Only what the service allows: a withdrawn form offers neither 撤回 nor 修改.
      expect(await page.getByRole('button', { name: '撤回' }).count()).to.equal(0);
      expect(await page.getByRole('link', { name: '修改' }).count()).to.equal(0);
      expect(await remainingOf(page, 'personal', date)).to.equal(before);
      const stored = await callApi<{ status: string }>(page, 'GET', `/api/leave/forms/${form.id}`);
      expect(stored.body.status).to.equal('withdrawn');
      expectClean(page);
    });

    it('shows the year’s 事假 ledger on 差假查詢 and downloads what it shows as a UTF-8 CSV with ROC dates', async () => {
      const staff = await newPerson('staff', { viewport, returnTo: '/' });
      people.push(staff);
      const { page } = staff;
      const date = DATES[viewport].records;
      await ensureDeputy(page, 'demo-city-admin');
      const form = await fileLeave(page, { leaveType: 'personal', ...day(date), deputyId: 'demo-city-admin', reason: '差假查詢,匯出' });

      await page.goto(system.url('/leave/records?year=116'));
      await page.getByRole('heading', { name: '差假查詢', level: 1 }).waitFor();
      const ledger = page.getByRole('region', { name: '事假 116年' });
      await ledger.waitFor();
      const ledgerText = await ledger.innerText();
      expect(ledgerText).to.contain('核給').and.contain('剩餘').and.contain('7日0小時');
      await formLink(page, form.id).waitFor();
      await checkPage(page, 'leave-records');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '匯出 CSV' }).click()]);
      expect(download.suggestedFilename()).to.equal('差假查詢-116年.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.charCodeAt(0)).to.equal(0xfeff);
      expect(csv).to.contain('\r\n');
      const lines = csv.slice(1).split('\r\n');
      expect(lines[0]).to.equal('116年差假查詢');
      const formLine = lines.find((l) => l.includes('"差假查詢,匯出"'));
      expect(formLine, csv).to.match(/^申請中 \(待代理人同意\),差假,事假,116-05-1\d \(.\) 08:00 ~ 17:30,1日0小時,"差假查詢,匯出",/);
      expect(lines.some((l) => l.startsWith('事假,116年,7日0小時,'))).to.equal(true);
      expectClean(page);
    });
  });
}
