// 制度管理 in a real browser (issue 17; seed 001 5-1, 5-2, 5-6): 光華國小's
// personnel officer (王美玲, the attendance manager) comes in at the old
// address of 停止上班上課 and lands on its 管理 page; on 特殊節日登記 she adds
// a 校慶補假 and sees it in the year's calendar, then deletes it; on
// 停止上班上課 she declares an afternoon closure and sees the agency's days of
// that date recomputed; on 出勤時間 she sets 陳怡君's 班別 to 導師及專任教師
// and back; on 機關規則參數 she changes how far back leave may be filed. Each
// result is read back from the service. Dates of its own, far from the other
// journeys': 116-10-20/21 (special days), 116-10-27/28 (closures), phone and
// desktop. 陳怡君's 班別 and the policy end as they began (other journeys
// judge her punches by the default group and file leave weeks back).
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const DATES = {
  phone: { special: '2027-10-20', closure: '2027-10-27' },
  desktop: { special: '2027-10-21', closure: '2027-10-28' },
} as const;

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** `2027-10-20` → `116-10-20 (三)`, as the pages write a day. */
function rocLabel(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear() - 1911}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} (${'日一二三四五六'[d.getUTCDay()]})`;
}

/** Ticks a React Aria checkbox as a person does: on its label (the input itself is visually hidden). */
const tick = (box: Locator) => box.locator('xpath=ancestor::label[1]').click();

const openAdmin = async (page: Page, label: string) => {
  await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
};

/** A RAC Select: open it, pick the option. */
async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: new RegExp(label) }).click();
  await page.getByRole('option', { name: option }).click();
}

for (const viewport of VIEWPORTS) {
  describe(`制度管理: special days, closures, schedule groups and rule parameters (${viewport})`, function () {
    this.timeout(300_000);
    const dates = DATES[viewport];
    let personnel: Person;
    let backdatingDays: number | undefined;

    before(async function () {
      this.timeout(180_000);
      await theSystem();
      // The old address of 停止上班上課 leads to its 管理 page.
      personnel = await newPerson('personnel', { viewport, returnTo: '/attendance/closures' });
      await personnel.page.getByRole('heading', { name: '停止上班上課', level: 1 }).waitFor();
    });

    after(async () => {
      const { page } = personnel;
      // Whatever happened: 陳怡君 without a 班別 and the policy's filing window as it was.
      await callApi(page, 'PATCH', '/api/directory/people/demo-teacher', { scheduleGroup: null });
      if (backdatingDays !== undefined) {
        const policy = (await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/leave-policy`)).body;
        if (policy.settings.filing?.backdatingDays !== backdatingDays)
          await callApi(page, 'PUT', `/api/leave/agencies/${SCHOOL}/leave-policy`, {
            expectedVersion: policy.version,
            overrides: policy.overrides,
            settings: { ...policy.settings, filing: { backdatingDays } },
            reason: '測試還原',
          });
      }
      await personnel.close();
    });

    it('the old address of 停止上班上課 is its 管理 page, and 管理 lists the four pages of 制度管理', async () => {
      const { page } = personnel;
      expect(new URL(page.url()).pathname).to.equal(`/admin/agencies/${SCHOOL}/closures`);
      const menu = page.getByRole('navigation', { name: '管理' });
      for (const label of ['特殊節日登記', '停止上班上課', '出勤時間', '機關規則參數'])
        expect(await menu.getByRole('link', { name: label, exact: true }).count(), label).to.equal(1);
      // Not in the main menu any more.
      expect(await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '停止上班上課' }).count()).to.equal(0);
    });

    it('特殊節日登記: adds a 校慶補假, sees it in the year with the national holidays, reads it back, and deletes it', async () => {
      const { page } = personnel;
      await openAdmin(page, '特殊節日登記');
      const name = `校慶補假（${viewport}）`;
      await typeDate(page, '日期', dates.special);
      await page.getByRole('textbox', { name: '名稱' }).fill(name);
      await page.getByRole('button', { name: '登錄', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `已登錄 ${rocLabel(dates.special)} ${name}` })
        .waitFor();
      await page.getByRole('heading', { name: '116 年行事曆' }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(name.replace(/[()（）]/g, '.')) });
      await row.waitFor();
      expect(await row.innerText())
        .to.contain('特殊節日（放假）')
        .and.contain('本機關');
      // The national calendar's holidays of the year are there too (116: 國慶日).
      expect(
        await page
          .getByRole('row', { name: /國慶日/ })
          .first()
          .innerText(),
      ).to.contain('辦公日曆表');
      await page.getByRole('region', { name: '已匯入的辦公日曆表' }).getByRole('rowheader', { name: '116 年' }).waitFor();
      await checkPage(page, 'admin-calendar');

      const read = await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/calendar-entries?from=${dates.special}&to=${dates.special}`);
      expect(read.body.items).to.deep.include({
        id: `${SCHOOL}|${dates.special}|special-day-off`,
        agencyId: SCHOOL,
        date: dates.special,
        kind: 'special-day-off',
        name,
        createdBy: 'demo-personnel',
      });

      await row.getByRole('button', { name: /刪除/ }).click();
      const dialog = page.getByRole('alertdialog', { name: '是否確定刪除？' });
      await dialog.getByRole('button', { name: '刪除' }).click();
      await row.waitFor({ state: 'detached' });
      const after = await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/calendar-entries?from=${dates.special}&to=${dates.special}`);
      expect(after.body.items).to.deep.equal([]);
    });

    it('停止上班上課: declares an afternoon closure and sees the agency’s days of that date recomputed', async () => {
      const { page } = personnel;
      await openAdmin(page, '停止上班上課');
      const name = `颱風下午停止上班（${viewport}）`;
      await typeDate(page, '日期', dates.closure);
      await page.getByRole('textbox', { name: '名稱' }).fill(name);
      await choose(page, '時段', '部分時段');
      await page.getByRole('textbox', { name: /起時/ }).fill('13:00');
      await page.getByRole('textbox', { name: /迄時/ }).fill('17:15');
      await page.getByRole('button', { name: '登錄', exact: true }).click();
      await page.getByRole('heading', { name: `${rocLabel(dates.closure)} 出勤結果` }).waitFor();
      await page.locator('#recompute-status', { hasText: '已重新計算' }).waitFor({ timeout: 90_000 });
      // The affected days: the agency's people on that date, 陳怡君 among them.
      await page
        .getByRole('region', { name: `${rocLabel(dates.closure)} 出勤結果列表` })
        .getByRole('rowheader', { name: '陳怡君' })
        .waitFor();
      await page.getByRole('list', { name: '已登錄的停止上班上課' }).getByText(name).waitFor();
      expect(await page.getByRole('list', { name: '已登錄的停止上班上課' }).innerText()).to.contain('13:00～17:15');
      await checkPage(page, 'admin-closures');

      const read = await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/calendar-entries?from=${dates.closure}&to=${dates.closure}`);
      expect(read.body.items).to.deep.include({
        id: `${SCHOOL}|${dates.closure}|closure`,
        agencyId: SCHOOL,
        date: dates.closure,
        kind: 'closure',
        name,
        from: '13:00',
        to: '17:15',
        createdBy: 'demo-personnel',
      });
    });

    it('出勤時間: shows the groups and sets 陳怡君’s 班別 to 導師及專任教師, read back from the directory, and back', async () => {
      const { page } = personnel;
      await openAdmin(page, '出勤時間');
      const groups = page.getByRole('region', { name: '班別列表' });
      expect(await groups.getByRole('row', { name: /導師及專任教師/ }).innerText()).to.contain('08:00–16:00');
      expect(await groups.getByRole('row', { name: /職員及兼行政教師/ }).innerText()).to.contain('07:30–16:30');

      const form = page.getByRole('form', { name: '查詢員工' });
      await form.getByLabel('姓名').fill('陳怡君');
      await form.getByRole('button', { name: '查詢', exact: true }).click();
      await page.getByRole('heading', { name: /人員班別（共 1 人）/ }).waitFor();
      const row = page.locator('#people-groups tbody tr', { has: page.getByRole('rowheader', { name: '陳怡君' }) });
      expect(await row.innerText()).to.contain('未設定');

      const assign = async (option: RegExp, shown: string) => {
        await tick(row.getByRole('checkbox', { name: '選取 陳怡君' }));
        await choose(page, '設定班別為', option);
        await page.getByRole('button', { name: '套用至勾選人員（1）' }).click();
        await page.locator('#assign-status', { hasText: `已將 1 人的班別設為「${shown}」` }).waitFor();
        await row.getByRole('cell', { name: shown, exact: true }).waitFor();
      };
      await assign(/^導師及專任教師/, '導師及專任教師');
      expect((await callApi(page, 'GET', '/api/directory/people/demo-teacher')).body.scheduleGroup).to.equal('teacher');
      await checkPage(page, 'admin-schedule-groups');

      await assign(/^未設定/, '未設定');
      expect((await callApi(page, 'GET', '/api/directory/people/demo-teacher')).body).to.not.have.property('scheduleGroup');
    });

    it('機關規則參數: refuses a value outside the rule before sending, saves a change with its reason, read back from the service', async () => {
      const { page } = personnel;
      await openAdmin(page, '機關規則參數');
      const before = (await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/leave-policy`)).body;
      const was: number = before.settings.filing?.backdatingDays ?? 30;
      backdatingDays = was;
      const field = page.getByRole('textbox', { name: '差假最多可補請之日數' });
      await field.waitFor();
      expect(await field.inputValue()).to.equal(String(was));

      // Checked with the contracts' schema in the page: nothing is sent.
      await field.fill('400');
      await page.getByRole('textbox', { name: '異動原因' }).fill('依本校差勤要點修正');
      await page.getByRole('button', { name: '儲存', exact: true }).click();
      await page.locator('.field-error').first().waitFor();
      expect(await field.getAttribute('aria-invalid')).to.equal('true');

      const wanted = was + 15;
      await field.fill(String(wanted));
      await page.getByRole('button', { name: '儲存', exact: true }).click();
      await page.locator('#policy-saved', { hasText: `已儲存為第 ${before.version + 1} 版` }).waitFor();
      await page
        .getByRole('region', { name: '機關規則參數異動紀錄' })
        .getByRole('row', { name: /依本校差勤要點修正/ })
        .first()
        .waitFor();
      await checkPage(page, 'admin-leave-policy');

      const after = (await callApi(page, 'GET', `/api/leave/agencies/${SCHOOL}/leave-policy`)).body;
      expect(after.version).to.equal(before.version + 1);
      expect(after.settings.filing.backdatingDays).to.equal(wanted);
      expect(after.settings.overtime).to.deep.equal(before.settings.overtime);
    });
  });
}
