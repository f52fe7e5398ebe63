// 請假管理 in a real browser (issue 17): 光華國小's personnel officer (王美玲,
// 差勤管理者) previews the year's allocation (休假年資更新) and applies it after
// confirming, corrects the teacher's 事假 with a reason and sees the ledger
// line it wrote, finds the teacher's 公出 on 請假資料維護 and opens it, and adds
// a common reason (差假事由) that the teacher then sees offered under 事由 on
// 差假申請. Each viewport has a year no other journey uses (民國 118 on the
// phone, 119 on the desktop: the allocation covers the whole school) and a day
// of its own for the 公出 (116-06-08 / 116-06-10; 06-09 is 端午節), which is withdrawn at the
// end; the common reasons are put back as they were, since other journeys
// type 事由 into the plain text box the form shows without them.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const TEACHER = 'demo-teacher';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

async function openAdmin(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

for (const viewport of VIEWPORTS) {
  describe(`請假管理 in a browser (${viewport})`, function () {
    this.timeout(400_000);
    const rocYear = viewport === 'phone' ? 118 : 119;
    const day = viewport === 'phone' ? '116-06-08' : '116-06-10';
    const reason = `參加校外教學研習（${viewport === 'phone' ? '手機' : '桌機'}）`;
    const correction = `補登研習時數（${viewport === 'phone' ? '手機' : '桌機'}）`;
    const people: Person[] = [];
    let personnel: Person;
    let teacher: Person;
    let formId = '';
    let reasonsBefore: string[] = [];

    before(async function () {
      this.timeout(180_000);
      await theSystem();
      personnel = await newPerson('personnel', { viewport });
      teacher = await newPerson('teacher', { viewport });
      people.push(personnel, teacher);
      // The allocation covers the people the leave service knows: those who have used it.
      for (const who of [personnel, teacher]) expect((await callApi(who.page, 'GET', '/api/leave/leave-types')).status).to.equal(200);
      reasonsBefore = (await callApi(personnel.page, 'GET', `/api/leave/agencies/${SCHOOL}/common-reasons`)).body.reasons as string[];
      // Filing needs a deputy list (第一次使用需先設定代理人).
      const list = await callApi(teacher.page, 'GET', '/api/leave/deputies');
      if (!(list.body.deputies as { personId: string }[]).some((d) => d.personId === 'demo-school-admin'))
        expect((await callApi(teacher.page, 'POST', '/api/leave/deputies', { personId: 'demo-school-admin' }, true)).status).to.equal(201);
      const filed = await callApi(
        teacher.page,
        'POST',
        '/api/leave/forms/leave',
        {
          leaveType: 'official-outing',
          start: `${day} 09:00`,
          end: `${day} 11:00`,
          location: '鳳山區教師研習中心',
          reason: `請假管理測試 ${day}`,
          deputyId: 'demo-school-admin',
        },
        true,
      );
      expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
      formId = filed.body.items[0].id as string;
    });

    after(async () => {
      // Leave the school as the other journeys expect it: no common reasons of ours, no pending 公出.
      const now = await callApi(personnel.page, 'GET', `/api/leave/agencies/${SCHOOL}/common-reasons`);
      await callApi(personnel.page, 'PUT', `/api/leave/agencies/${SCHOOL}/common-reasons`, {
        reasons: reasonsBefore,
        version: now.body.version,
      });
      if (formId) await callApi(teacher.page, 'POST', `/api/leave/forms/${encodeURIComponent(formId)}/withdraw`, {});
      for (const person of people.splice(0)) await person.close();
    });

    it(`previews 民國 ${rocYear}'s allocation per person, writes nothing until confirmed, then applies it once`, async () => {
      const { page } = personnel;
      const ledgerOfYear = async () =>
        ((await callApi(page, 'GET', '/api/leave/balances')).body.items as { ledger: string; period: string; granted: number }[]).find(
          (l) => l.ledger === 'annual' && l.period === String(rocYear + 1911),
        );
      await openAdmin(page, '休假年資更新');
      const year = page.getByRole('textbox', { name: /年度/ });
      await year.fill(String(rocYear));
      await page.getByRole('button', { name: '試算' }).click();
      await page.getByRole('heading', { name: `${rocYear}年度試算結果（尚未核給）` }).waitFor();
      const row = page.locator('#allocation tbody tr', { hasText: '王美玲' });
      // 到職 2009-03-02: 滿14年 → 30 days (公務人員請假規則第7條).
      expect(await row.innerText())
        .to.contain('30日0小時')
        .and.contain('新增');
      expect(await page.locator('#allocation tbody tr', { hasText: '陳怡君' }).innerText()).to.contain('無休假');
      expect(await ledgerOfYear(), 'a preview writes nothing').to.equal(undefined);
      await checkPage(page, 'admin-leave-allocation-preview');

      await page.getByRole('button', { name: `核給${rocYear}年度` }).click();
      const dialog = page.getByRole('alertdialog', { name: `是否確定核給${rocYear}年度？` });
      await dialog.waitFor();
      await checkA11y(page);
      await dialog.getByRole('button', { name: '核給' }).click();
      await page.getByRole('heading', { name: `${rocYear}年度核給結果` }).waitFor();
      expect(await page.locator('#allocation-summary').innerText()).to.match(/^已核給：\d+ 人，新增 [1-9]\d* 筆/);
      expect((await ledgerOfYear())?.granted).to.equal(30 * 480);

      // Asked again, the year has nothing left to write.
      await page.getByRole('button', { name: '試算' }).click();
      await page.locator('#allocation-summary', { hasText: '將新增 0 筆、重新計算 0 筆' }).waitFor();
      await checkPage(page, 'admin-leave-allocation-applied');
    });

    it("corrects the teacher's 事假 with a required reason and shows the ledger line written", async () => {
      const { page } = personnel;
      const period = `SY${rocYear}`;
      await openAdmin(page, '假別餘額調整');
      await page.getByRole('combobox', { name: '人員' }).fill('陳怡君');
      await page.getByRole('option', { name: /陳怡君/ }).click();
      await page.getByRole('heading', { name: '陳怡君 的假別餘額' }).waitFor();
      // The year's ledgers (from the allocation above) are listed before one is chosen.
      await page
        .locator('#balances tr', { hasText: `${rocYear}學年` })
        .first()
        .waitFor();
      // By keyboard, as the list is meant to be used without a pointer: a click into a popover that a
      // late layout shift moved (React Aria closes popovers on scroll) picked nothing now and then.
      const ledgerChoice = page.getByRole('button', { name: /假別/ });
      await ledgerChoice.focus();
      await ledgerChoice.press('Enter');
      const ledgerOption = page.getByRole('option', { name: `事假 ${rocYear}學年` });
      await ledgerOption.waitFor();
      await ledgerOption.focus();
      await ledgerOption.press('Enter');
      await page.getByRole('button', { name: new RegExp(`事假 ${rocYear}學年`) }).waitFor();
      await page.getByRole('textbox', { name: '調整時數' }).fill('4');
      // The reason is required: the contracts' message before anything is sent.
      await page.getByRole('button', { name: '調整', exact: true }).click();
      await page.getByText('調整原因不得空白').waitFor();
      await page.getByRole('textbox', { name: '調整原因' }).fill(correction);
      await page.getByRole('button', { name: '調整', exact: true }).click();
      const written = page.locator('#correction-written');
      await written.getByText(`已寫入 事假 ${rocYear}學年 的調整：0日4小時，原因：${correction}`).waitFor();
      expect(await written.locator('#ledger-lines').innerText())
        .to.contain(correction)
        .and.contain('更正');
      const ledgers = (await callApi(page, 'GET', `/api/leave/people/${TEACHER}/balances`)).body.items as {
        ledger: string;
        period: string;
        entries: { kind: string; amount: number; note: string }[];
      }[];
      const personal = ledgers.find((l) => l.ledger === 'personal' && l.period === period)!;
      expect(personal.entries.at(-1)).to.include({ kind: 'correction', amount: 240, note: correction });
      await checkPage(page, 'admin-leave-balances');
    });

    it("finds the teacher's 公出 by person and type, and opens it", async () => {
      const { page } = personnel;
      await openAdmin(page, '請假資料維護');
      await page.getByRole('combobox', { name: '申請人' }).fill('陳怡君');
      await page.getByRole('option', { name: /陳怡君/ }).click();
      await page.getByRole('button', { name: /假別/ }).click();
      await page.getByRole('option', { name: '公出', exact: true }).click();
      await page.getByRole('button', { name: '查詢' }).click();
      const found = page.locator(`[data-form-id="${formId}"]:visible`);
      await found.waitFor();
      expect(await found.innerText()).to.contain('陳怡君');
      await checkPage(page, 'admin-leave-forms');
      await found.getByRole('link', { name: /公出/ }).click();
      await page.getByText(`請假管理測試 ${day}`).first().waitFor();
      expect((await callApi(page, 'GET', `/api/leave/forms/${encodeURIComponent(formId)}`)).body.reason).to.equal(`請假管理測試 ${day}`);
      expectClean(page);
    });

    it('adds a common reason, which the teacher is offered under 事由 on 差假申請 (free text still taken)', async () => {
      const { page } = personnel;
      await openAdmin(page, '差假事由');
      await page.getByRole('textbox', { name: '常用事由' }).fill(reason);
      await page.getByRole('button', { name: '新增' }).click();
      await page.getByRole('status').getByText(`已新增「${reason}」。`).waitFor();
      expect(await page.locator('#common-reasons').innerText()).to.contain(reason);
      const stored = await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/common-reasons`);
      expect(stored.body.reasons).to.include(reason);
      await checkPage(page, 'admin-leave-reasons');

      const apply = teacher.page;
      // The page asks for the agency's common reasons as it opens; the list offers them once they are in.
      const reasonsLoaded = apply.waitForResponse((res) => res.url().includes('/common-reasons') && res.ok());
      await apply.goto((await theSystem()).url('/leave/apply?type=personal'));
      await reasonsLoaded;
      const field = apply.getByRole('combobox', { name: '事由' });
      await field.waitFor();
      // By keyboard, as a person without a pointer uses it: the arrow key opens the list of common reasons
      // and moves through it, Enter takes the one focused. (A tap on a phone's option sometimes landed on the
      // form under the popover; typing into the field did not always open the list in a loaded run, and an
      // arrow key pressed while the page was still rendering once opened nothing: it is pressed again then.)
      await field.focus();
      const option = apply.getByRole('option', { name: reason });
      for (let i = 0; i < 5 && !(await option.isVisible()); i++) {
        await field.press('ArrowDown');
        await option.waitFor({ timeout: 2_000 }).catch(() => undefined);
      }
      await option.waitFor();
      for (let i = 0; i < 20 && (await option.getAttribute('data-focused')) === null; i++) await field.press('ArrowDown');
      expect(await option.getAttribute('data-focused'), 'the common reason focused in the list').to.not.equal(null);
      await field.press('Enter');
      expect(await field.inputValue()).to.equal(reason);
      await checkPage(apply, 'leave-apply-common-reason');
      // Anything else may still be typed.
      await field.fill('家中有事');
      expect(await field.inputValue()).to.equal('家中有事');
      expectClean(apply);
    });
  });
}
