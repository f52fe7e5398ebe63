// 批核案件 in a real browser against the whole system: forms are filed and
// consented to through the API in the applicant's and the deputy's own
// signed-in pages (差假申請 is another page's journey), and decided through
// this page — by the director (the teacher's unit head), the personnel officer
// (人事室 countersigns) and the principal (決行 of more than 3 days), as the
// demo flow says (services/approval/src/usecases/seed-demo). Each size files
// on days of its own, in the school year 115, so the runs do not meet.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { eventually } from '@webitr/testkit';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

/** Mondays of three weeks per size, clear of holidays (2027-05: 勞動節 is a Saturday, 端午 is 06-09). */
const WEEKS: Record<Viewport, string[]> = {
  phone: ['2027-05-03', '2027-05-10', '2027-05-31'],
  desktop: ['2027-05-17', '2027-05-24', '2027-06-14'],
};
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

interface Filed {
  formId: string;
  caseId: string;
  minutes: number;
}

for (const viewport of VIEWPORTS) {
  describe(`批核案件 in a browser (${viewport})`, function () {
    this.timeout(180_000);
    const people: Person[] = [];
    const [week1, week2, week3] = WEEKS[viewport] as [string, string, string];
    let teacher: Person;
    let director: Person;
    let deputy: Person;

    before(async () => {
      await theSystem();
      teacher = await newPerson('teacher', { viewport });
      director = await newPerson('director', { viewport });
      deputy = await newPerson('school-admin', { viewport });
      people.push(teacher, director, deputy);
      // Filing needs a deputy list (第一次使用需先設定代理人): the teacher's has 黃建華, who consents to each form.
      const list = await callApi(teacher.page, 'GET', '/api/leave/deputies');
      if (!(list.body.deputies as { personId: string }[]).some((d) => d.personId === 'demo-school-admin'))
        expect((await callApi(teacher.page, 'POST', '/api/leave/deputies', { personId: 'demo-school-admin' }, true)).status).to.equal(201);
    });

    after(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    /** The teacher files a form (leaveType on `day`, or from `day` for `days` working days) and waits until it is in `approver`'s inbox. */
    async function file(
      leaveType: string,
      day: string,
      options: { days?: number; deputy?: Person; location?: string } = {},
    ): Promise<Filed> {
      const end = addDays(day, (options.days ?? 1) - 1);
      const filed = await callApi(
        teacher.page,
        'POST',
        '/api/leave/forms/leave',
        {
          leaveType,
          start: `${day} 08:00`,
          end: `${end} 16:00`,
          reason: `瀏覽器測試 ${leaveType} ${day}`,
          deputyId: 'demo-school-admin',
          ...(options.location ? { location: options.location } : {}),
        },
        true,
      );
      expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
      const formId = filed.body.items[0].id as string;
      const consent = await callApi(deputy.page, 'POST', `/api/leave/forms/${encodeURIComponent(formId)}/deputy/consent`, {});
      expect(consent.status, JSON.stringify(consent.body)).to.equal(200);
      const caseId = `${formId}:request:1`;
      await inInbox(director.page, caseId);
      return { formId, caseId, minutes: filed.body.items[0].minutes as number };
    }

    const inInbox = (page: Page, caseId: string) =>
      eventually(
        async () => {
          const inbox = await callApi(page, 'GET', '/api/approvals/inbox?limit=200');
          return (inbox.body.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
        },
        `case ${caseId} in the inbox`,
        20_000,
      );

    const formReaches = (formId: string, status: string) =>
      eventually(
        async () => {
          const form = await callApi(teacher.page, 'GET', `/api/leave/forms/${encodeURIComponent(formId)}`);
          return form.body?.status === status ? form.body : undefined;
        },
        `form ${formId} to be ${status}`,
        20_000,
      );

    /** The teacher's 事假 of the school year 115 (the ledger its days are charged to). */
    const personalLedger = async () => {
      const balances = await callApi(teacher.page, 'GET', '/api/leave/balances');
      const item = (balances.body.items as { ledger: string; period: string; consumed: number; remaining: number }[]).find(
        (b) => b.ledger === 'personal' && b.period === 'SY115',
      );
      expect(item, JSON.stringify(balances.body.items.map((b: { ledger: string; period: string }) => [b.ledger, b.period]))).to.not.equal(
        undefined,
      );
      return item!;
    };

    const caseUrl = (caseId: string) => `/approvals/${encodeURIComponent(caseId)}`;

    it('the director approves (決行) the teacher’s one-day 事假 on the case page; the form is approved and her 事假 reduced', async () => {
      const system = await theSystem();
      const form = await file('personal', week1);
      const before = await personalLedger();

      const { page } = director;
      await page.goto(system.url('/approvals'));
      await page.getByRole('heading', { name: '批核案件', level: 1 }).waitFor();
      const link = page.locator(`a[href="${caseUrl(form.caseId)}"]`);
      await link.first().waitFor();
      await checkPage(page, 'approvals-inbox');
      await link.first().click();
      await page.getByRole('heading', { name: '陳怡君 事假', level: 1 }).waitFor();
      // The form, its route and the balance it leaves.
      await page.getByText(`瀏覽器測試 personal ${week1}`).waitFor();
      expect(await page.locator('#case-balance').innerText()).to.match(/\d+日\d+小時/);
      expect(await page.getByRole('heading', { name: /批核流程/ }).count()).to.equal(1);
      expect(await page.locator('.route').innerText()).to.contain('林志明');
      // One day: the unit head's step is final, so the approval reads 決行.
      await page.getByRole('heading', { name: '批核：單位主管（決行）' }).waitFor();
      await checkPage(page, 'approvals-case');
      await page.getByRole('button', { name: '決行' }).click();
      await page.getByRole('status').filter({ hasText: '已決行' }).waitFor();
      await page.locator('#case-status', { hasText: '已決行' }).waitFor();
      // The decision is in the history, with who made it.
      expect(await page.locator('table').last().innerText()).to.contain('林志明');
      expectClean(page);

      const approved = await formReaches(form.formId, 'approved');
      expect(approved.status).to.equal('approved');
      const after = await personalLedger();
      expect(after.consumed - before.consumed).to.be.at.least(form.minutes);
      expect(after.remaining).to.be.below(before.remaining + 1);

      // 批核紀錄 holds it.
      await page.goto(system.url('/approvals'));
      await page.getByRole('tab', { name: '批核紀錄' }).click();
      const record = page
        .getByRole('list', { name: '批核紀錄' })
        .locator('li.case-card')
        .filter({ has: page.locator(`a[href="${caseUrl(form.caseId)}"]`) });
      await record.waitFor();
      expect(await record.innerText()).to.contain('決行');
      await checkPage(page, 'approvals-history');
    });

    it('goes director 同意 → 人事室 會畢 → principal 決行 for more than 3 days of 公假', async () => {
      const system = await theSystem();
      const personnel = await newPerson('personnel', { viewport });
      const principal = await newPerson('principal', { viewport });
      people.push(personnel, principal);
      const form = await file('official', week2, { days: 5, location: '高雄市教育局' });

      const decideOn = async (person: Person, button: string, result: string) => {
        await inInbox(person.page, form.caseId);
        await person.page.goto(system.url(caseUrl(form.caseId)));
        await person.page.getByRole('button', { name: button, exact: true }).click();
        await person.page
          .getByRole('status')
          .filter({ hasText: `已${result}` })
          .waitFor();
        expectClean(person.page);
      };
      await decideOn(director, '核准', '同意');
      await decideOn(personnel, '會畢', '會畢');
      await inInbox(principal.page, form.caseId);
      await principal.page.goto(system.url(caseUrl(form.caseId)));
      await principal.page.getByRole('heading', { name: '批核：校長（決行）' }).waitFor();
      await checkPage(principal.page, 'approvals-case-principal');
      await principal.page.getByRole('button', { name: '決行', exact: true }).click();
      await principal.page.getByRole('status').filter({ hasText: '已決行' }).waitFor();
      // The history, refetched after the decision, names each one who decided.
      const history = principal.page.getByRole('region', { name: '批核紀錄' });
      for (const [name, result] of [
        ['林志明', '同意'],
        ['王美玲', '會畢'],
        ['蔡文雄', '決行'],
      ])
        await history.getByRole('row').filter({ hasText: name }).filter({ hasText: result }).waitFor();
      expectClean(principal.page);
      await formReaches(form.formId, 'approved');
    });

    it('refuses 退回 without a reason beside the field, then returns the form with one', async () => {
      const system = await theSystem();
      const form = await file('sick', addDays(week1, 1));
      const { page } = director;
      await page.goto(system.url(caseUrl(form.caseId)));
      await page.getByRole('button', { name: '退回' }).click();
      const error = page.locator('#comment-error');
      await error.waitFor();
      expect(await error.innerText()).to.equal('退回時須填寫理由');
      expect(await page.getByLabel('批核意見').getAttribute('aria-describedby')).to.equal('comment-error');
      await checkPage(page, 'approvals-return-refused');
      await page.getByLabel('批核意見').fill('請補上課務安排');
      await page.getByRole('button', { name: '退回' }).click();
      await page.getByRole('status').filter({ hasText: '已退回' }).waitFor();
      expectClean(page);
      const returned = await formReaches(form.formId, 'returned');
      expect(returned.status).to.equal('returned');
    });

    it('does not grant (不准) a form, with its reason', async () => {
      const system = await theSystem();
      const form = await file('sick', addDays(week1, 2));
      const { page } = director;
      await page.goto(system.url(caseUrl(form.caseId)));
      await page.getByRole('button', { name: '不准' }).click();
      expect(await page.locator('#comment-error').innerText()).to.equal('不同意時須填寫理由');
      await page.getByLabel('批核意見').fill('期末考週，請改期');
      await page.getByRole('button', { name: '不准' }).click();
      await page.getByRole('status').filter({ hasText: '已不同意' }).waitFor();
      await page.locator('#case-status', { hasText: '不准' }).waitFor();
      expectClean(page);
      await formReaches(form.formId, 'rejected');
    });

    it('approves two forms at once, and says which one could not be approved and why', async () => {
      const system = await theSystem();
      const a = await file('sick', addDays(week1, 3));
      const b = await file('sick', addDays(week1, 4));
      const gone = await file('sick', week3);
      const { page } = director;
      await page.goto(system.url('/approvals'));
      const select = async (caseId: string) => {
        const holder = page.locator('tr, li.case-card').filter({ has: page.locator(`a[href="${caseUrl(caseId)}"]`) });
        await holder.locator('label.checkbox').click();
      };
      for (const f of [a, b, gone]) await select(f.caseId);
      await page.getByRole('button', { name: '批次核准（已選 3 件）' }).waitFor();
      // Meanwhile the third is decided elsewhere (another tab of the director's): the batch refuses it alone.
      const elsewhere = await callApi(page, 'POST', `/api/approvals/cases/${encodeURIComponent(gone.caseId)}/decisions`, {
        action: 'approve',
      });
      expect(elsewhere.status).to.equal(200);
      await page.getByRole('button', { name: '批次核准（已選 3 件）' }).click();
      await page.getByRole('heading', { name: '已核准 2 件，1 件未核准' }).waitFor();
      const refused = await page.locator('.batch-result .refused').innerText();
      expect(refused).to.contain('此案件已結案');
      expect(await page.locator('.batch-result .ok').count()).to.equal(2);
      await checkPage(page, 'approvals-batch');
      await formReaches(a.formId, 'approved');
      await formReaches(b.formId, 'approved');
    });
  });
}
