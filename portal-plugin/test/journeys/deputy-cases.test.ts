// 代理案件 in a real browser against the whole system, at a phone's and a
// desktop's size: the teacher (陳怡君) files 事假 naming 王美玲 (personnel)
// as her deputy, through the API; the deputy, in a second browser context,
// finds it on 代理案件 and consents — the form then shows its next step, the
// unit head's (教務處's director). The city's staff member (張雅婷) names 李國強
// (city-admin), who declines with a reason, which 不同意 requires, and her
// form comes back to her. Dates are in 116 (2027), days of their own (the
// consents in April: 批核案件's journeys file the teacher's sick days in May).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { day, ensureDeputy, fileLeave } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';
import type { RunningSystem } from '../support/system.ts';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** The form's entry in whichever list the size shows. */
const entryOf = (page: Page, formId: string) => page.locator(`[data-form-id="${formId}"]`).locator('visible=true');

const DATES = {
  phone: { consent: '2027-04-13', decline: '2027-05-10' },
  desktop: { consent: '2027-04-14', decline: '2027-05-11' },
} as const;

for (const viewport of VIEWPORTS) {
  describe(`代理案件 in a browser (${viewport})`, function () {
    let system: RunningSystem;
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      system = await theSystem();
    });

    afterEach(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    it('lets the deputy consent, and the applicant’s form then shows the unit head’s step as 目前進度', async () => {
      const teacher = await newPerson('teacher', { viewport });
      people.push(teacher);
      await ensureDeputy(teacher.page, 'demo-personnel');
      const form = await fileLeave(teacher.page, {
        leaveType: 'personal',
        ...day(DATES[viewport].consent),
        deputyId: 'demo-personnel',
        reason: '代理同意測試',
      });

      const deputy = await newPerson('personnel', { viewport, returnTo: '/deputy/cases' });
      people.push(deputy);
      const { page } = deputy;
      await page.getByRole('heading', { name: '代理案件', level: 1 }).waitFor();
      const waiting = entryOf(page, form.id);
      await waiting.waitFor();
      const text = await waiting.innerText();
      expect(text).to.contain('陳怡君').and.contain('事假');
      expect(text).to.match(viewport === 'phone' ? /116-04-13 \(二\) 08:00 ~ 17:30/ : /116-04-14 \(三\) 08:00 ~ 17:30/);
      await checkPage(page, 'deputy-cases');
      await waiting.getByRole('button', { name: /^同意代理/ }).click();
      // Answered: it leaves 待我同意 for 代理紀錄, with the form's new state.
      await page
        .getByRole('region', { name: '代理紀錄' })
        .locator(`[data-form-id="${form.id}"]`)
        .locator('visible=true')
        .filter({ hasText: '批核中' })
        .waitFor();
      await page.getByRole('region', { name: '待我同意' }).locator(`[data-form-id="${form.id}"]`).first().waitFor({ state: 'detached' });
      expectClean(page);

      // The approval case is opened from the leave service's event: wait for it (outside the page) before she looks.
      const caseUrl = system.url(`/api/approvals/cases/${encodeURIComponent(`${form.id}:request:${form.submission}`)}`);
      for (let i = 0; i < 100 && (await teacher.context.request.get(caseUrl)).status() !== 200; i++) await page.waitForTimeout(100);
      await teacher.page.goto(system.url(`/leave/requests/${form.id}`));
      const route = teacher.page.getByRole('region', { name: '批核流程' });
      await route.locator('[aria-current="step"]').waitFor();
      expect(await route.locator('[aria-current="step"]').innerText())
        .to.contain('單位主管')
        .and.contain('目前進度');
      expect(await teacher.page.locator('main').innerText())
        .to.contain('職務代理人同意')
        .and.contain('王美玲（同意）');
      await checkPage(teacher.page, 'leave-request-in-approval');
    });

    it('asks the deputy for a reason to decline, and the form goes back to its applicant with it', async () => {
      const staff = await newPerson('staff', { viewport });
      people.push(staff);
      await ensureDeputy(staff.page, 'demo-city-admin');
      const form = await fileLeave(staff.page, {
        leaveType: 'personal',
        ...day(DATES[viewport].decline),
        deputyId: 'demo-city-admin',
        reason: '代理不同意測試',
      });

      const deputy = await newPerson('city-admin', { viewport, returnTo: '/deputy/cases' });
      people.push(deputy);
      const { page } = deputy;
      const waiting = entryOf(page, form.id);
      await waiting.waitFor();
      await waiting.getByRole('button', { name: /^不同意代理/ }).click();
      const dialog = page.getByRole('dialog', { name: '不同意代理' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '送出不同意' }).click();
      // Before anything is sent: the reason is required, said beside the field.
      await dialog.getByText('不同意事由不得空白').waitFor();
      expect(await dialog.getByLabel('不同意事由').getAttribute('aria-invalid')).to.equal('true');
      await checkPage(page, 'deputy-cases-decline');
      await dialog.getByLabel('不同意事由').fill('當天另有公務');
      await dialog.getByRole('button', { name: '送出不同意' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('region', { name: '代理紀錄' }).locator(`[data-form-id="${form.id}"]`).locator('visible=true').waitFor();
      expectClean(page);

      await staff.page.goto(system.url(`/leave/requests/${form.id}`));
      await staff.page.getByRole('heading', { name: '處理紀錄' }).waitFor();
      const text = await staff.page.locator('main').innerText();
      expect(text).to.contain('退回修改').and.contain('職務代理人 李國強 不同意').and.contain('當天另有公務');
      // Returned: she may withdraw or modify it.
      await staff.page.getByRole('button', { name: '撤回' }).waitFor();
      await staff.page.getByRole('link', { name: '修改' }).waitFor();
      await checkPage(staff.page, 'leave-request-returned');
    });
  });
}
