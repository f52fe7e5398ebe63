// 基本資料維護 in a real browser (issue 17): 光華國小's personnel officer
// (王美玲, 差勤管理者) imports a Big5 CSV of three people with one bad row:
// the check (試匯入) names the row and the field, its report downloads, and
// applying writes the two good rows only. She then edits one of them, puts
// them on 留職停薪 and back, records 離職 (its reason required), adds a
// person by hand, adds a unit to 人員組織樹 and downloads the agency's
// people as CSV; the city's system administrator transfers the other to 教育局.
// Each viewport imports people of its own (names and numbers), so the runs
// do not meet. No forms are filed; the dates are today's.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { nationalIdProblem } from '@webitr/contracts/forms/directory';
import { adminUrl } from '../../src/web/app/admin.ts';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** A valid national ID number from its first nine characters (the check digit found). */
function validId(stem: string): string {
  for (let d = 0; d < 10; d += 1) if (!nationalIdProblem(stem + d)) return stem + d;
  throw new Error(`no check digit for ${stem}`);
}
/** The same number with a wrong check digit. */
const wrongCheckDigit = (id: string) => id.slice(0, 9) + ((Number(id[9]) + 1) % 10);

/** This viewport's people (names and numbers of its own). */
function peopleFor(viewport: Viewport) {
  const n = viewport === 'phone' ? 1 : 2;
  return {
    first: { name: viewport === 'phone' ? '林小安' : '周小米', id: validId(`E255500${n}1`) },
    second: { name: viewport === 'phone' ? '吳小寶' : '鄭小新', id: validId(`E155500${n}2`) },
    bad: { name: viewport === 'phone' ? '錯小誤' : '錯大誤', id: wrongCheckDigit(validId(`E255500${n}3`)) },
    added: { name: viewport === 'phone' ? '新小華' : '新大華', id: validId(`E155500${n}4`) },
    unit: `輔導室（${viewport === 'phone' ? '手機' : '桌機'}）`,
  };
}

for (const viewport of VIEWPORTS) {
  describe(`基本資料維護 in a browser (${viewport})`, function () {
    this.timeout(400_000);
    const people: Person[] = [];
    const p = peopleFor(viewport);
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

    it('the personnel officer checks a Big5 file with one bad row, sees the row and field named, and applies the good rows only', async () => {
      const { page } = personnel;
      const file = [
        '身分證字號,姓名,職務類別,單位,職稱,到職日期',
        `${p.first.id},${p.first.name},教師,教務處,導師,115-08-01`,
        `${p.bad.id},${p.bad.name},教師,教務處,導師,115-08-01`,
        `${p.second.id},${p.second.name},職員,人事室,幹事,2026-08-01`,
      ].join('\r\n');
      const big5 = iconv.encode(file, 'big5');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(big5)).to.throw(); // really Big5, not UTF-8

      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '批次匯入' }).click();
      await page.getByRole('heading', { name: '批次匯入', level: 1 }).waitFor();
      // Asking without a file names the field before anything is sent.
      await page.getByRole('button', { name: '檢查（不匯入）' }).click();
      await page.getByText('匯入檔案：請選擇 CSV 檔').waitFor();
      await page.getByLabel('匯入檔案（.csv）').setInputFiles({ name: `people-${viewport}.csv`, mimeType: 'text/csv', buffer: big5 });
      await page.getByRole('button', { name: '檢查（不匯入）' }).click();
      await page.getByRole('heading', { name: '檢查結果' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('#report-summary').innerText()).to.equal('檢查 3 列：可匯入 2 列、錯誤 1 列');
      expect(await page.locator('main').innerText()).to.contain('Big5');
      const bad = page.getByRole('row', { name: /第 3 行/ });
      expect(await bad.getByRole('cell').allInnerTexts()).to.deep.equal(['錯誤', p.bad.name, '', '身分證字號：身分證字號檢查碼錯誤']);
      await checkPage(page, 'admin-import-check');

      // The report downloads as CSV, line by line.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下載檢查結果（CSV）' }).click(),
      ]);
      const csv = (await readFile((await download.path())!, 'utf8')).split('\r\n');
      expect(csv[0]).to.equal('\ufeff列號,結果,姓名,身分證字號,問題');
      expect(csv[2]).to.equal(`3,錯誤,${p.bad.name},,身分證字號：身分證字號檢查碼錯誤`);
      expect(csv[1]).to.match(new RegExp(`^2,可匯入,${p.first.name},E25\\*{5}\\d{2},$`));

      // Nothing is written by the check.
      const before = await callApi(page, 'POST', `/api/directory/agencies/${SCHOOL}/people/search`, { name: p.first.name });
      expect(before.body.total).to.equal(0);

      await page.getByRole('button', { name: '確定匯入 2 列' }).click();
      await page.getByRole('heading', { name: '匯入結果' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('#report-summary').innerText()).to.equal('匯入 3 列：新增 2 列、錯誤 1 列');
      await checkPage(page, 'admin-import-applied');
      for (const [name, total] of [
        [p.first.name, 1],
        [p.second.name, 1],
        [p.bad.name, 0],
      ] as const) {
        const found = await callApi(page, 'POST', `/api/directory/agencies/${SCHOOL}/people/search`, { name });
        expect(found.body.total, name).to.equal(total);
      }
    });

    it('edits a person, puts them on 留職停薪 and back, and records 離職 with its reason', async () => {
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '基本資料維護' }).click();
      await page.getByRole('heading', { name: '基本資料維護', level: 1 }).waitFor();
      const search = page.getByRole('form', { name: '查詢員工' });
      await search.getByLabel('姓名').fill(p.first.name);
      await search.getByRole('button', { name: '查詢', exact: true }).click();
      await page.getByRole('heading', { name: '人員（共 1 人）' }).waitFor();
      const row = page.locator('#people tbody tr').first();
      expect(await row.getByRole('cell').allInnerTexts()).to.deep.equal([
        `${p.first.id.slice(0, 3)}*****${p.first.id.slice(-2)}`,
        '教務處',
        '導師',
        '教師',
        '在職',
      ]);
      await checkPage(page, 'admin-people');

      await row.getByRole('link', { name: p.first.name }).click();
      await page.getByRole('heading', { name: '人員資料', level: 1 }).waitFor();
      expect(await page.locator('#person-name-value').innerText()).to.equal(p.first.name);
      // 到職日期 in the 民國 calendar, as imported (115-08-01), the day in words under the field.
      expect(await page.getByRole('form', { name: '編輯基本資料' }).innerText()).to.contain('115年8月1日 (六)');
      const edit = page.getByRole('form', { name: '編輯基本資料' });
      await edit.getByLabel('職稱').fill('輔導教師');
      await edit.getByLabel('卡號').fill('12AB!');
      await edit.getByRole('button', { name: '儲存' }).click();
      // The contracts' message, on the field, before anything is sent.
      await edit.getByText('卡號應為 1 至 20 位英數字').waitFor();
      await edit.getByLabel('卡號').fill('');
      await edit.getByRole('button', { name: '儲存' }).click();
      await page.locator('#person-saved').waitFor();
      expect((await callApi(page, 'GET', page.url().replace(/^.*\/people\//, '/api/directory/people/'))).body.title).to.equal('輔導教師');

      const status = page.locator('#person-status');
      await page.getByRole('button', { name: '留職停薪', exact: true }).click();
      await page.getByRole('button', { name: '確定留職停薪' }).click();
      await status.filter({ hasText: '留職停薪' }).waitFor();
      await page.getByRole('button', { name: '復職', exact: true }).click();
      await page.getByRole('button', { name: '確定復職' }).click();
      await status.filter({ hasText: '在職' }).waitFor();
      await page.getByRole('button', { name: '離職', exact: true }).click();
      await page.getByRole('button', { name: '確定離職' }).click();
      // 離職事由 is required: the contracts' message on the field, before anything is sent.
      await page.getByRole('form', { name: '辦理離職' }).getByText('事由不得空白').waitFor();
      await page.getByLabel('離職事由').fill('調職');
      await checkPage(page, 'admin-person');
      await page.getByRole('button', { name: '確定離職' }).click();
      await status.filter({ hasText: '離職' }).waitFor();
      // The history keeps every period, the reason with the last.
      const history = await page.getByRole('region', { name: '在職狀態紀錄' }).locator('tbody tr').allInnerTexts();
      expect(history.map((h) => h.split('\t')[0])).to.deep.equal(['在職', '留職停薪', '在職', '離職']);
      expect(history[3]).to.contain('調職');
      // A personnel officer administers one agency: no agency to transfer to.
      await page.getByText('轉入機關須為您也管理的機關').waitFor();
    });

    it('adds a person by hand (the national ID checked on the field first) and a unit to 人員組織樹, and downloads the people', async () => {
      await theSystem();
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '基本資料維護' }).click();
      await page.getByRole('heading', { name: '基本資料維護', level: 1 }).waitFor();
      await page.getByRole('link', { name: '新增人員' }).click();
      await page.getByRole('heading', { name: '新增人員', level: 1 }).waitFor();
      const form = page.getByRole('form', { name: '新增人員' });
      await form.getByLabel('身分證字號').fill(wrongCheckDigit(p.added.id));
      await form.getByLabel('姓名').fill(p.added.name);
      await form.getByRole('button', { name: /職務類別/ }).click();
      await page.getByRole('option', { name: '職員', exact: true }).click();
      await form.getByRole('button', { name: '新增人員' }).click();
      await form.getByText('身分證字號檢查碼錯誤').waitFor();
      await checkPage(page, 'admin-person-new');
      await form.getByLabel('身分證字號').fill(p.added.id.toLowerCase());
      await form.getByRole('button', { name: '新增人員' }).click();
      await page.getByRole('heading', { name: '人員資料', level: 1 }).waitFor();
      expect(await page.locator('#person-name-value').innerText()).to.equal(p.added.name);
      expect(await page.locator('main').innerText()).to.contain('WebITR 差勤系統（學校用）');

      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '人員組織樹' }).click();
      await page.getByRole('heading', { name: '人員組織樹', level: 1 }).waitFor();
      const tree = page.locator('#unit-tree');
      await tree.getByText('教務處').waitFor();
      expect(
        await tree
          .locator('li', { has: page.getByText('教務處', { exact: true }) })
          .first()
          .innerText(),
      ).to.contain('單位主管：林志明');
      const add = page.getByRole('form', { name: '新增單位' });
      await add.getByLabel('單位名稱').fill(p.unit);
      await add.getByRole('button', { name: /上級單位/ }).click();
      await page.getByRole('option', { name: '校長室', exact: true }).click();
      await add.getByLabel('單位主管').fill('王美玲');
      await page.getByRole('option', { name: /王美玲/ }).click();
      await add.getByRole('button', { name: '新增單位' }).click();
      await add.getByText(`已新增「${p.unit}」。`).waitFor();
      const unitLine = tree.locator('li', { has: page.getByText(p.unit, { exact: true }) }).first();
      await unitLine.waitFor();
      expect(await unitLine.innerText()).to.contain('單位主管：王美玲');
      await checkPage(page, 'admin-units');

      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '基本資料維護' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下載機關所有員工資料（CSV）' }).click(),
      ]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith('\ufeff身分證字號,姓名,電子郵件,單位,職稱,職務類別,到職日期,在職狀態')).to.equal(true);
      expect(csv).to.contain(`${p.second.id.slice(0, 3)}*****${p.second.id.slice(-2)},${p.second.name},,人事室,幹事,職員,2026-08-01,在職`);
      // Masked throughout: no full number in the file.
      for (const id of [p.first.id, p.second.id, p.added.id]) expect(csv).to.not.contain(id);
    });

    it('the system administrator transfers a person to 教育局 (機關員工轉移)', async () => {
      const found = await callApi(personnel.page, 'POST', `/api/directory/agencies/${SCHOOL}/people/search`, { name: p.second.name });
      const id = found.body.items[0].id as string;
      // Signed in straight onto the person's page (a goto right after the sign-in would cut the landing page's requests short).
      const admin = await newPerson('city-admin', { viewport, returnTo: adminUrl(SCHOOL, 'people/:personId', { personId: id }) });
      people.push(admin);
      const { page } = admin;
      await page.getByRole('heading', { name: '人員資料', level: 1 }).waitFor();
      const transfer = page.getByRole('form', { name: '機關員工轉移' });
      await transfer.getByRole('button', { name: /轉入機關/ }).click();
      await page.getByRole('option', { name: '高雄市政府教育局' }).click();
      await transfer.getByLabel('事由').fill('借調教育局');
      await transfer.getByRole('button', { name: '轉移' }).click();
      await page.getByText('此人員已不屬於高雄市立光華國民小學。').waitFor();
      const moved = await callApi(page, 'GET', `/api/directory/people/${id}`);
      expect(moved.body).to.include({ agencyId: 'KH-EDU' });
      expect(moved.body.apps).to.deep.equal(['webitr']);
      await checkPage(page, 'admin-person-transferred');
    });
  });
}
