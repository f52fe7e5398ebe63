// 出勤刷卡, 首頁's punch columns, 卡檔上傳 and 出勤異常 in a real browser
// against the whole system. The teacher punches on 光華國小's onsite network
// and finds the punch on 首頁; from the intranet the menu has no 出勤刷卡
// and the page says why. 王美玲 (personnel, attendance manager) uploads a
// small card file in the agency's format with one refused line (the demo
// seed gives her the card 8800000004 and 光華國小 the format 光華大門卡機 CSV),
// then finds her late day in 出勤異常 and downloads it as CSV. Each viewport
// uses its own weeks (2 and 3 back; attendance-records.test.ts takes 5–8),
// so the runs and other journeys do not meet.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

/** 王美玲's card in the demo seed (packages/contracts/src/demo-accounts.ts). */
const CARD = '8800000004';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** `2026-11-04` → `115-11-04 (三)`, as the pages write a day. */
function rocLabel(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear() - 1911}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} (${'日一二三四五六'[d.getUTCDay()]})`;
}

/** Taipei's today as ISO, and a Tuesday and Wednesday some weeks back (phone and desktop take different weeks). */
function daysFor(viewport: Viewport) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const t = new Date(`${today}T00:00:00Z`);
  const monday = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * 86_400_000);
  const weeksBack = viewport === 'phone' ? 2 : 3;
  const at = (days: number) => new Date(monday.getTime() + (days - weeksBack * 7) * 86_400_000).toISOString().slice(0, 10);
  return { today, tuesday: at(1), wednesday: at(2) };
}

for (const viewport of VIEWPORTS) {
  describe(`出勤刷卡 and 出勤異常 in a browser (${viewport})`, function () {
    this.timeout(240_000);
    const people: Person[] = [];

    after(async () => {
      for (const p of people) await p.close();
    });

    it('the teacher on the onsite network punches 上班: recorded at the server’s time, and on 首頁’s week', async () => {
      await theSystem();
      // Signed in straight onto the page: a goto right after the sign-in would cut the landing page's requests short.
      const teacher = await newPerson('teacher', { viewport, zone: 'onsite', returnTo: '/punch' });
      people.push(teacher);
      const { page } = teacher;
      await page.getByRole('heading', { name: '出勤刷卡', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '出勤刷卡' }).waitFor();
      // The clock is the server's, in Taipei (the browser runs in Los Angeles), with seconds.
      await page.locator('#server-time', { hasText: /^\d{3}-\d{2}-\d{2} \([日一二三四五六]\) \d{2}:\d{2}:\d{2}$/ }).waitFor();

      await page.getByRole('button', { name: '上班', exact: true }).click();
      const recorded = page.locator('#punch-recorded', { hasText: '已記錄「上班」' });
      await recorded.waitFor();
      const status = (await callApi(page, 'GET', '/api/attendance/web-punches/status')).body;
      expect(status.lastPunch).to.include({ kind: '上班', channel: 'web' });
      // What the page confirms is the server's record: Taipei's date and time of the stored punch.
      const text = await recorded.innerText();
      expect(text).to.contain(`伺服器時間 ${rocLabel(status.lastPunch.date)} ${status.lastPunch.time}:`);
      await page.locator('#last-punch', { hasText: `上班 ${rocLabel(status.lastPunch.date)} ${status.lastPunch.time}` }).waitFor();
      await checkPage(page, 'punch');

      // 首頁: the punch columns, today's 上班卡 no later than this punch (an earlier run's punch of today may be the first).
      await page.getByRole('link', { name: '首頁' }).first().click();
      await page.getByRole('columnheader', { name: '上班卡' }).waitFor();
      for (const h of ['日期', '下班卡', '申請紀錄', '出勤結果']) await page.getByRole('columnheader', { name: h }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(rocLabel(status.lastPunch.date).replace(/[()]/g, '\\$&')) });
      const clockIn = (await row.getByRole('cell').first().innerText()).trim();
      expect(clockIn).to.match(/^\d{2}:\d{2}$/);
      expect(clockIn <= status.lastPunch.time).to.equal(true);
      // The weekend reads as the seeds show it.
      const cells = await page.locator('table.week tbody tr').nth(6).getByRole('cell').allInnerTexts();
      expect(cells[cells.length - 1]).to.equal('例假日');
      await checkPage(page, 'home-punches');
    });

    it('from the intranet the menu has no 出勤刷卡 and the page says why', async () => {
      const system = await theSystem();
      const teacher = await newPerson('teacher', { viewport, zone: 'intranet' });
      people.push(teacher);
      const { page } = teacher;
      const menu = page.getByRole('navigation', { name: '主選單' });
      await menu.getByRole('link', { name: '出勤異常' }).waitFor();
      // 首頁's week has its punch columns on any network (only punching is onsite).
      await page.getByRole('columnheader', { name: '上班卡' }).waitFor();
      expect(await menu.getByRole('link', { name: '出勤刷卡' }).count()).to.equal(0);
      expect(await menu.getByRole('link', { name: '卡檔上傳' }).count()).to.equal(0);
      await page.goto(system.url('/punch'));
      await page.getByRole('heading', { name: '出勤刷卡', level: 1 }).waitFor();
      expect(await page.locator('main').innerText()).to.contain('網路打卡僅限在高雄市立光華國民小學的機關現場網路使用');
      expect(await page.getByRole('button', { name: '上班', exact: true }).count()).to.equal(0);
      await checkPage(page, 'punch-offsite');
    });

    it('personnel uploads a card file and reads the line report with its one refused line; 出勤異常 lists her late day and downloads CSV', async () => {
      await theSystem();
      const personnel = await newPerson('personnel', { viewport });
      people.push(personnel);
      const { page } = personnel;

      const { tuesday, wednesday } = daysFor(viewport);
      const ymd = (iso: string) => iso.replaceAll('-', '');
      const file = [
        '卡機,卡號,日期,時間,卡別',
        `大門,${CARD},${ymd(tuesday)},0800,1`,
        `大門,${CARD},${ymd(tuesday)},1730,2`,
        `大門,0000000009,${ymd(tuesday)},0750,1`, // nobody holds this card
        `大門,${CARD},${ymd(wednesday)},0947,1`, // late, and no 下班卡: 未刷下班卡
      ].join('\r\n');

      await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '卡檔上傳' }).click();
      await page.getByRole('heading', { name: '卡檔上傳', level: 1 }).waitFor();
      // Asking without a format or a file names both fields before anything is sent.
      await page.getByRole('button', { name: '上傳', exact: true }).click();
      await page.getByText('卡檔格式：請選擇').waitFor();
      await page.getByText('卡檔：請選擇檔案').waitFor();
      await page.getByRole('button', { name: /卡檔格式/ }).click();
      await page.getByRole('option', { name: /光華大門卡機 CSV/ }).click();
      await page
        .getByLabel('卡檔（.txt、.csv、.dat）')
        .setInputFiles({ name: `gate-${viewport}.csv`, mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') });
      await page.getByRole('button', { name: '上傳', exact: true }).click();
      // The report, or whatever problem the upload met (named in the failure).
      await page.locator('#report-stored, main [role=alert]').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('#report-stored').count(), await page.locator('main').innerText()).to.equal(1);
      expect(await page.locator('#report-stored').innerText()).to.equal('3 筆');
      expect(await page.locator('#report-refused').innerText()).to.equal('1 行（卡號不存在 1 行）');
      const refused = page.getByRole('row', { name: /第 4 行/ });
      expect(await refused.getByRole('cell').allInnerTexts()).to.deep.equal([
        '卡號不存在',
        await refused.getByRole('cell').nth(1).innerText(),
        `大門,0000000009,${ymd(tuesday)},0750,1`,
      ]);
      // The progress bar reached the whole file.
      expect(
        await page
          .getByRole('progressbar', { name: '上傳進度' })
          .evaluate((p) => (p as unknown as { value: number; max: number }).value === (p as unknown as { max: number }).max),
      ).to.equal(true);
      await checkPage(page, 'card-upload');

      // 出勤異常: the attendance job computes the uploaded days soon after; look again until it has.
      await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '出勤異常' }).click();
      await page.getByRole('heading', { name: '出勤異常', level: 1 }).waitFor();
      await page.locator('#anomaly-count', { hasText: /共 \d+ 筆/ }).waitFor();
      const lateRow = page.getByRole('row', { name: new RegExp(rocLabel(wednesday).replace(/[()]/g, '\\$&')) });
      for (let attempt = 0; attempt < 30 && (await lateRow.count()) === 0; attempt++) {
        await page.reload({ waitUntil: 'networkidle' });
        await page.locator('#anomaly-count', { hasText: /共 \d+ 筆/ }).waitFor();
      }
      expect(await lateRow.innerText()).to.contain('09:47');
      expect(await lateRow.innerText()).to.contain('未刷下班卡');
      const normalDay = page.getByRole('row', { name: new RegExp(rocLabel(tuesday).replace(/[()]/g, '\\$&')) });
      expect(await normalDay.count(), await page.locator('table').innerText()).to.equal(0);

      // The agency's list names her, and the CSV holds the same day.
      await page.getByRole('button', { name: /查詢範圍/ }).click();
      await page.getByRole('option', { name: /全機關/ }).click();
      await page.getByRole('columnheader', { name: '姓名' }).waitFor();
      await page.getByRole('row', { name: new RegExp(`${rocLabel(wednesday).replace(/[()]/g, '\\$&')}.*王美玲`) }).waitFor();
      await page.getByRole('button', { name: /單位/ }).click();
      await page.getByRole('option', { name: '人事室' }).click();
      await page
        .getByRole('row', { name: /王美玲/ })
        .first()
        .waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下載 CSV' }).click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith('\ufeff日期,姓名,單位,上班卡,下班卡,出勤結果')).to.equal(true);
      expect(csv).to.contain(`${rocLabel(wednesday)},王美玲,人事室,09:47`);
      await checkPage(page, 'anomalies');
    });
  });
}
