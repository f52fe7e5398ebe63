// 可用系統 and 帳號異動記錄 in a real browser (issue 17): 光華國小's
// administrator (黃建華, school-admin) finds 劉家豪 (no-app, who has no app),
// ticks 「WebITR 差勤系統（學校用）」 for him; 劉家豪 then comes in from the
// education portal's tile and gets in. Unticked again, his next page load
// shows the refusal. The administrator grants and takes back an app for two
// people at once, then reads 帳號異動記錄 filtered by whom and what and
// downloads it as CSV. Whatever happens, 劉家豪 and 陳怡君 end as they began
// (sign-in.test.ts expects 劉家豪 refused). No forms are filed, no dates used
// but today's (the log's period).
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, newVisitor, screenshot, signInAtPortal } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const EDU_APP = 'WebITR 差勤系統（學校用）';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** The 可用系統 table's row of a person. */
const rowOf = (page: Page, name: string) => page.locator('#people-apps tbody tr', { has: page.getByRole('rowheader', { name }) });

/** Searches 可用系統 by name and waits for the person's row. */
async function find(page: Page, name: string): Promise<void> {
  const form = page.getByRole('form', { name: '查詢員工' });
  await form.getByLabel('姓名').fill(name);
  await form.getByRole('button', { name: '查詢', exact: true }).click();
  await page.getByRole('heading', { name: /人員（共 1 人）/ }).waitFor();
  await rowOf(page, name).waitFor();
}

/**
 * A person's page load after a change of their apps: the gateway drops its
 * copy of the person when the directory's event reaches it (RabbitMQ, a
 * moment after the change answered), so the first load may come before it.
 * Loads again until `settled` holds, for at most 15 s; returns how many loads it took.
 */
async function loadUntil(page: Page, settled: () => Promise<boolean>): Promise<number> {
  const until = Date.now() + 15_000;
  for (let loads = 1; ; loads++) {
    await page.reload({ waitUntil: 'networkidle' });
    if (await settled()) return loads;
    if (Date.now() > until) throw new Error(`still not settled after ${loads} page loads in 15 s`);
    await page.waitForTimeout(500);
  }
}

/** Ticks or unticks a React Aria checkbox as a person does: on its label (the input itself is visually hidden). */
const tick = (box: Locator) => box.locator('xpath=ancestor::label[1]').click();

/** Waits (at most 10 s) for a checkbox to show the state the directory answered, once the list is read again. */
async function checkedBecomes(box: Locator, checked: boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await box.isChecked()) !== checked) {
    if (Date.now() > until) throw new Error(`the checkbox stayed ${checked ? 'unticked' : 'ticked'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const viewport of VIEWPORTS) {
  describe(`可用系統 and 帳號異動記錄 in a browser (${viewport})`, function () {
    this.timeout(300_000);
    const people: Person[] = [];
    let admin: Person;

    before(async function () {
      this.timeout(180_000);
      await theSystem();
      admin = await newPerson('school-admin', { viewport });
      people.push(admin);
    });

    after(async () => {
      // As they were: 劉家豪 without any app, 陳怡君 with the school's only.
      if (admin) {
        await callApi(admin.page, 'DELETE', '/api/directory/people/demo-no-app/apps/webitr-edu');
        await callApi(admin.page, 'POST', `/api/directory/agencies/${SCHOOL}/entitlements/revoke`, {
          personIds: ['demo-no-app', 'demo-teacher'],
          apps: ['webitr'],
        });
      }
      for (const p of people) await p.close();
    });

    it('the administrator ticks the app for 劉家豪, who then comes in from the portal tile; unticked, his next page load refuses him', async () => {
      const system = await theSystem();
      const { page } = admin;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '可用系統' }).click();
      await page.getByRole('heading', { name: '可用系統', level: 1 }).waitFor();
      // 機關預設可用系統 as the school has it.
      expect(await page.getByRole('checkbox', { name: EDU_APP, exact: true }).isChecked()).to.equal(true);
      await find(page, '劉家豪');
      const box = rowOf(page, '劉家豪').getByRole('checkbox', { name: `劉家豪：${EDU_APP}` });
      expect(await box.isChecked()).to.equal(false);
      // The national ID is masked in the list.
      expect(await rowOf(page, '劉家豪').locator('.national-id').innerText()).to.match(/^E12\*{5}\d{2}$/);
      await tick(box);
      await page.locator('#apps-status', { hasText: `已授權 劉家豪 使用${EDU_APP}` }).waitFor();
      await checkedBecomes(box, true);
      await checkPage(page, 'admin-apps');

      // 劉家豪 at the education portal's tile: 申請案件 → the portal's sign-in → in.
      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const him = visitor.page;
      await him.goto(system.url('/tile/kh-edu'));
      await him.getByRole('link', { name: '申請案件' }).click();
      await signInAtPortal(him, 'no-app');
      expect(new URL(him.url()).pathname).to.equal('/leave/requests');
      const inside = async () => (await him.getByRole('heading', { name: '申請案件', level: 1 }).count()) === 1;
      if (!(await inside())) console.log(`      [admin-apps] 劉家豪 in after ${await loadUntil(him, inside)} page load(s)`);
      await him.getByText('劉家豪').first().waitFor();
      expectClean(him);

      // Unticked: his next page load is refused.
      await tick(box);
      await page.locator('#apps-status', { hasText: `已取消 劉家豪 的${EDU_APP}` }).waitFor();
      await checkedBecomes(box, false);
      const refused = async () => (await him.getByText('您尚未獲授權使用差勤系統').count()) > 0;
      const loads = await loadUntil(him, refused);
      console.log(`      [admin-apps] 劉家豪 refused at page load ${loads} after the revoke`);
      expect(await him.getByRole('heading', { name: '申請案件', level: 1 }).count()).to.equal(0);
      expect(await him.locator('main').innerText()).to.contain('機關管理員');
      await checkPage(him, 'admin-apps-revoked');
    });

    it('grants and takes back an app for two people at once, then reads and downloads 帳號異動記錄 by whom and what', async () => {
      const { page } = admin;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '可用系統' }).click();
      await page.getByRole('heading', { name: '可用系統', level: 1 }).waitFor();
      const form = page.getByRole('form', { name: '查詢員工' });
      // The page keeps the last search (劉家豪): start afresh, then everyone 在職, and tick 陳怡君 and 劉家豪.
      await form.getByRole('button', { name: '清除條件' }).click();
      await form.getByRole('button', { name: /在職狀態/ }).click();
      await page.getByRole('option', { name: '在職' }).click();
      await form.getByRole('button', { name: '查詢', exact: true }).click();
      await rowOf(page, '陳怡君').waitFor();
      for (const name of ['陳怡君', '劉家豪']) await tick(rowOf(page, name).getByRole('checkbox', { name: `選取 ${name}` }));
      await page.locator('#selected-count', { hasText: '已選 2 人' }).waitFor();
      const bar = page.getByRole('group', { name: '批次授權' });
      await bar.getByRole('button', { name: /系統/ }).click();
      await page.getByRole('option', { name: 'WebITR 差勤系統', exact: true }).click();
      await bar.getByRole('button', { name: '批次授權' }).click();
      await page.locator('#apps-status', { hasText: '已授權 2 人使用WebITR 差勤系統' }).waitFor();
      await bar.getByRole('button', { name: '批次取消' }).click();
      await page.locator('#apps-status', { hasText: '已取消 2 人的WebITR 差勤系統' }).waitFor();
      await checkPage(page, 'admin-apps-bulk');

      // The whole national ID only through the audited view, with a reason (查閱事由) kept in the log.
      await rowOf(page, '劉家豪').getByRole('button', { name: '查閱 劉家豪 的完整身分證字號' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: '查閱', exact: true }).click();
      await dialog.getByText('請填寫查閱事由').waitFor();
      await dialog.getByRole('textbox', { name: '查閱事由' }).fill('核對保險資料');
      await dialog.getByRole('button', { name: '查閱', exact: true }).click();
      expect(await dialog.locator('#national-id-full').innerText()).to.equal('E125678901');
      await checkPage(page, 'admin-national-id');
      await dialog.getByRole('button', { name: '關閉' }).click();
      const viewed = await callApi(
        page,
        'GET',
        `/api/directory/agencies/${SCHOOL}/change-log?personId=demo-no-app&action=national-id.viewed`,
      );
      expect(viewed.body.items[0]).to.deep.include({ note: '核對保險資料', action: 'national-id.viewed' });
      expect(JSON.stringify(viewed.body)).to.not.contain('E125678901');

      // 帳號異動記錄: whom (劉家豪), what (授權可用系統), when (today).
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '帳號異動記錄' }).click();
      await page.getByRole('heading', { name: '帳號異動記錄', level: 1 }).waitFor();
      await page.locator('#change-log tbody tr').first().waitFor();
      const filters = page.getByRole('form', { name: '查詢條件' });
      await filters.getByLabel('異動對象').fill('劉家豪');
      await page.getByRole('option', { name: /劉家豪/ }).click();
      await filters.getByRole('button', { name: /異動類別/ }).click();
      await page.getByRole('option', { name: '授權可用系統' }).click();
      await filters.getByRole('button', { name: '查詢', exact: true }).click();
      const rows = page.locator('#change-log tbody tr');
      await page.getByRole('heading', { name: /異動記錄（共 \d+ 筆）/ }).waitFor();
      await rows.first().waitFor();
      const texts = await rows.allInnerTexts();
      expect(texts.length).to.be.greaterThanOrEqual(2);
      for (const text of texts) expect(text).to.contain('劉家豪').and.contain('授權可用系統');
      expect(texts.join('\n')).to.contain('黃建華').and.contain(`（無） → ${EDU_APP}`).and.contain('→ WebITR 差勤系統');
      await checkPage(page, 'admin-change-log');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '匯出 CSV' }).click()]);
      expect(download.suggestedFilename()).to.equal('帳號異動記錄-高雄市立光華國民小學.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      // BOM first (Excel reads the Chinese as UTF-8), CRLF line ends.
      expect(csv.startsWith('\ufeff時間,異動者,異動對象,異動類別,異動內容,來源,說明\r\n')).to.equal(true);
      const lines = csv.slice(1).trimEnd().split('\r\n');
      expect(lines.length - 1).to.equal(texts.length);
      expect(lines.slice(1).every((l) => l.includes(',黃建華,劉家豪,授權可用系統,'))).to.equal(true);
    });
  });
}
