// 刷卡資料, correction through 忘刷卡, the 出勤紀錄報表 and 停止上班上課 in a
// real browser against the whole system. The demo seed gives the teacher
// (陳怡君) the card 8800000002 and 光華國小 the card-file format `gate`, so
// 王美玲 (personnel, attendance manager) uploads the teacher's punches as a
// card file would bring them.
// - 刷卡資料: a day with only 上班卡 reads 未刷下班卡 / 待更正 on the teacher's
//   page; its 「申請忘刷卡」 opens 差假申請's 忘刷卡 with the day and 下班卡;
//   the day reads 忘刷卡申請中, the director approves, and the day turns
//   正常 / 已更正 (the punch service computed it again on the approval).
//   差假查詢 shows the same days in its month of 刷卡資料. 王美玲 finds the
//   teacher by name, sees the corrected day with its form and the open one
//   (篩選 待更正), and downloads the report as XLSX, read back here.
// - 停止上班上課: the teacher late on a day; 王美玲 declares a closure for it
//   on 停止上班上課, the page shows the day computed again (停止上班上課) and
//   出勤異常 no longer lists it.
// Dates of its own, relative to today (punch.test.ts takes weeks 2–3 back):
// 刷卡資料 the Monday and Tuesday 5 (phone) and 6 (desktop) weeks back, the
// closure the Wednesday 7 (phone) and 8 (desktop) weeks back — each moved a
// week further back while the agency's calendar has an entry on them. The
// teacher's 忘刷卡 forms are two in those weeks (the demo limit: 3 a month).
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { eventually } from '@webitr/testkit';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';

const AGENCY = 'KH-GUANGHUA-ES';
/** The teacher's card in the demo seed (packages/contracts/src/demo-accounts.ts). */
const TEACHER_CARD = '8800000002';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** `2026-10-12` → `115-10-12 (一)`, as the pages write a day. */
function rocLabel(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear() - 1911}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} (${'日一二三四五六'[d.getUTCDay()]})`;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The days `weekdays` (1 = Monday) of the week `weeksBack` weeks before this
 * one (Taipei), a week further back while the agency's calendar (holidays,
 * closures, make-up days) has an entry on one of them.
 */
async function workdays(page: Page, weeksBack: number, weekdays: readonly number[]): Promise<string[]> {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  for (let back = weeksBack; back < weeksBack + 8; back++) {
    const days = weekdays.map((w) => addDays(monday, w - 1 - back * 7));
    const calendar = await callApi(page, 'GET', `/api/leave/agencies/${AGENCY}/calendar-entries?from=${days[0]}&to=${days.at(-1)}`);
    expect(calendar.status).to.equal(200);
    if ((calendar.body.items as unknown[]).length === 0) return days;
  }
  throw new Error(`no week without calendar entries from ${weeksBack} weeks back`);
}

/** 卡檔上傳 through the API, as the card machine's file in the demo format `gate` (CSV: reader, card, yyyyMMdd, HHmm, 1/2). */
async function uploadCard(page: Page, lines: readonly string[]): Promise<void> {
  const file = ['卡機,卡號,日期,時間,卡別', ...lines].join('\r\n');
  const answer = await page.evaluate(
    async ({ file, agency }) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const res = await fetch(`/api/attendance/agencies/${agency}/card-files?profile=gate&filename=journey.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': me.csrfToken, accept: 'application/json' },
        body: file,
      });
      return { status: res.status, body: (await res.json()) as { stored: number; duplicates: number } };
    },
    { file, agency: AGENCY },
  );
  expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
  expect(answer.body.stored + answer.body.duplicates).to.equal(lines.length);
}

const ymd = (iso: string) => iso.replaceAll('-', '');

/** The teacher's day as the punch service computes it (asked as the attendance manager), once it reads `code`. */
const dayReads = (page: Page, date: string, code: string) =>
  eventually(
    async () => {
      const found = await callApi(
        page,
        'GET',
        `/api/attendance/agencies/${AGENCY}/punch-records?q=${TEACHER_CARD}&from=${date}&to=${date}`,
      );
      return found.body?.items?.[0]?.result?.code === code ? found.body.items[0] : undefined;
    },
    `the teacher's ${date} to read ${code}`,
    60_000,
  );

/** A row of a 刷卡資料 table by its day (and the person, in the managers' view). */
const rowOf = (page: Page, date: string, name?: string) =>
  page.locator(`table.punch-records tr[data-date="${date}"]`, name ? { hasText: name } : {});

for (const viewport of VIEWPORTS) {
  describe(`刷卡資料 and 忘刷卡 corrections in a browser (${viewport})`, function () {
    this.timeout(300_000);
    const people: Person[] = [];
    after(async () => {
      for (const p of people) await p.close();
    });

    it('the teacher corrects a day missing its 下班卡 from 刷卡資料; the manager sees it corrected, the other still open, and downloads the report', async () => {
      const system = await theSystem();
      const personnel = await newPerson('personnel', { viewport });
      people.push(personnel);
      const [monday, tuesday] = await workdays(personnel.page, viewport === 'phone' ? 5 : 6, [1, 2]);
      await uploadCard(personnel.page, [`大門,${TEACHER_CARD},${ymd(monday!)},0750,1`, `大門,${TEACHER_CARD},${ymd(tuesday!)},0755,1`]);
      await dayReads(personnel.page, monday!, 'missing-out');

      // The teacher's 刷卡資料 of those two days: the card file's punch, 未刷下班卡, 待更正 and the way to correct it.
      const teacher = await newPerson('teacher', { viewport, returnTo: `/attendance/records?from=${monday}&to=${tuesday}` });
      people.push(teacher);
      const { page } = teacher;
      await page.getByRole('heading', { name: '刷卡資料', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '刷卡資料' }).waitFor();
      const first = rowOf(page, monday!);
      await first.waitFor();
      const text = await first.innerText();
      for (const words of ['07:50 上班（卡檔）', '未刷下班卡', '待更正']) expect(text).to.contain(words);
      await checkPage(page, 'attendance-records');

      await first.getByRole('link', { name: `申請忘刷卡 ${rocLabel(monday!)}` }).click();
      await page.getByRole('heading', { name: '忘刷卡', level: 2 }).waitFor();
      // Prefilled: the day and 下班卡; the time is the person's to say.
      const date = page.locator('.date-field', { has: page.getByText('忘刷卡日期', { exact: true }) });
      expect((await date.locator('[data-type=year], [data-type=month], [data-type=day]').allTextContents()).map(Number)).to.deep.equal(
        rocLabel(monday!).slice(0, 9).split('-').map(Number),
      );
      expect(await page.locator('label.choice', { hasText: '下班卡' }).getAttribute('data-selected')).to.equal('true');
      const time = page.locator('.field', { has: page.getByText('刷卡時間', { exact: true }) });
      await time.locator('[data-type=hour]').click();
      await page.keyboard.type('17');
      await time.locator('[data-type=minute]').click();
      await page.keyboard.type('20');
      await page.getByRole('textbox', { name: '事由' }).fill('下班時忘記刷卡');
      await page.getByRole('button', { name: '送出表單' }).click();
      await page.getByRole('heading', { name: '表單已送出' }).waitFor();

      // Back on 刷卡資料 the day waits for approval; the form is the one the punch service knows for it.
      await page.goto(system.url(`/attendance/records?from=${monday}&to=${tuesday}`));
      const formId = await eventually(
        async () => {
          const mine = await callApi(page, 'GET', `/api/attendance/me/punch-records?from=${monday}&to=${monday}`);
          const c = mine.body?.items?.[0]?.corrections?.[0];
          return c?.status === 'requested' ? (c.formId as string) : undefined;
        },
        'the 忘刷卡 form to reach the punch service',
        30_000,
      );
      await page.reload();
      await rowOf(page, monday!).getByText('忘刷卡申請中').waitFor();
      expect(await rowOf(page, monday!).innerText()).to.contain('忘刷卡 下班卡 17:20 申請中');

      // The director (unit head of 教務處) decides it: a 忘刷卡 is his alone in the demo flow.
      const director = await newPerson('director', { viewport: 'desktop' });
      people.push(director);
      const caseId = `${formId}:request:1`;
      await eventually(
        async () => {
          const inbox = await callApi(director.page, 'GET', '/api/approvals/inbox?limit=200');
          return (inbox.body.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
        },
        `case ${caseId} in the director's inbox`,
        30_000,
      );
      const decided = await callApi(director.page, 'POST', `/api/approvals/cases/${encodeURIComponent(caseId)}/decisions`, {
        action: 'approve',
      });
      expect(decided.status, JSON.stringify(decided.body)).to.equal(200);

      // The approval reaches the punch service, which computes the day again: 正常, 已更正 by that form.
      await dayReads(personnel.page, monday!, 'normal');
      await page.reload();
      const corrected = rowOf(page, monday!);
      await corrected.getByText('已更正').waitFor();
      const after = await corrected.innerText();
      for (const words of ['07:50 上班（卡檔）', '17:20 下班（忘刷卡）', '正常', '忘刷卡 下班卡 17:20 已核准'])
        expect(after).to.contain(words);
      expect(await corrected.getByRole('link', { name: /申請忘刷卡/ }).count()).to.equal(0);
      expect(await corrected.getByRole('link', { name: '忘刷卡 下班卡 17:20' }).getAttribute('href')).to.equal(
        `/leave/requests/${encodeURIComponent(formId)}`,
      );
      await checkPage(page, 'attendance-records-corrected');

      // 差假查詢 shows the same day in its month of 刷卡資料 (the same table).
      const [year, month] = monday!.split('-').map(Number) as [number, number];
      await page.goto(system.url(`/leave/records?year=${year - 1911}&month=${month}`));
      await page.getByRole('heading', { name: `${year - 1911}年${month}月 刷卡資料`, level: 2 }).waitFor();
      await rowOf(page, monday!).getByText('已更正').waitFor();
      expect(await rowOf(page, monday!).innerText()).to.contain('忘刷卡 下班卡 17:20 已核准');
      // (Tuesday is another month's when Monday ends one.)
      if (tuesday!.slice(0, 7) === monday!.slice(0, 7)) expect(await rowOf(page, tuesday!).innerText()).to.contain('待更正');
      await checkPage(page, 'leave-records-punches');

      // The manager: the agency's 刷卡資料, the teacher by name; the corrected day with its form, the other still open.
      const mp = personnel.page;
      await mp.goto(system.url(`/attendance/records?from=${monday}&to=${tuesday}`));
      await mp.getByRole('heading', { name: '刷卡資料', level: 1 }).waitFor();
      await mp.getByRole('button', { name: /查詢範圍/ }).click();
      await mp.getByRole('option', { name: /全機關/ }).click();
      await mp.getByRole('textbox', { name: '人員（姓名或卡號）' }).fill('陳怡君');
      await mp.getByRole('button', { name: '查詢', exact: true }).click();
      await mp.locator('#records-count', { hasText: '1 人，共 2 筆' }).waitFor();
      const managed = rowOf(mp, monday!, '陳怡君');
      expect(await managed.innerText()).to.contain('忘刷卡 下班卡 17:20 已核准');
      expect(await managed.getAttribute('data-correction')).to.equal('corrected');
      expect(await rowOf(mp, tuesday!, '陳怡君').getAttribute('data-correction')).to.equal('open');
      await mp.getByRole('button', { name: /篩選/ }).click();
      await mp.getByRole('option', { name: '待更正' }).click();
      await mp.locator('#records-count', { hasText: '1 人，共 1 筆' }).waitFor();
      expect(await mp.locator('table.punch-records tbody tr').count()).to.equal(1);
      expect(await rowOf(mp, tuesday!, '陳怡君').innerText()).to.contain('待更正');
      await mp.getByRole('table').last().getByRole('rowheader', { name: '合計' }).waitFor();
      await checkPage(mp, 'attendance-records-manager');

      // 出勤紀錄報表 as XLSX: the teacher's corrected day, read back with the library that wrote it.
      const [download] = await Promise.all([mp.waitForEvent('download'), mp.getByRole('link', { name: '下載 XLSX' }).click()]);
      expect(download.suggestedFilename()).to.equal(
        `出勤紀錄-全機關-${rocLabel(monday!).slice(0, 9)}至${rocLabel(tuesday!).slice(0, 9)}.xlsx`,
      );
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
      const rows: unknown[][] = [];
      book.getWorksheet('出勤紀錄')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).to.deep.equal([
        '日期',
        '西元日期',
        '姓名',
        '單位',
        '上班卡',
        '下班卡',
        '出勤結果',
        '遲到分鐘',
        '早退分鐘',
        '差假',
        '忘刷卡',
      ]);
      const row = rows.find((r) => r[0] === rocLabel(monday!) && r[2] === '陳怡君')!;
      expect(row.slice(2, 7)).to.deep.equal(['陳怡君', '教務處', '07:50', '17:20', '正常']);
      expect((row[1] as Date).toISOString().slice(0, 10)).to.equal(monday);
      expect(row[10]).to.equal('下班卡 17:20 已核准');
      expect(book.getWorksheet('統計')).to.not.equal(undefined);
    });
  });

  describe(`停止上班上課 declared after the fact (${viewport})`, function () {
    this.timeout(300_000);
    const people: Person[] = [];
    after(async () => {
      for (const p of people) await p.close();
    });

    it('a late day of the teacher turns 停止上班上課 once the manager declares the closure, and leaves 出勤異常', async () => {
      await theSystem();
      const personnel = await newPerson('personnel', { viewport, returnTo: '/attendance/closures' });
      people.push(personnel);
      const { page } = personnel;
      await page.getByRole('heading', { name: '停止上班上課', level: 1 }).waitFor();
      const [wednesday] = await workdays(page, viewport === 'phone' ? 7 : 8, [3]);
      await uploadCard(page, [`大門,${TEACHER_CARD},${ymd(wednesday!)},0912,1`, `大門,${TEACHER_CARD},${ymd(wednesday!)},1800,2`]);
      await dayReads(page, wednesday!, 'late');

      // 出勤異常 lists the late day first (09:12 is after the office day’s flexible start, 08:00–08:30; 18:00 ends its longest day).
      const anomaliesShow = async (present: boolean) => {
        await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '出勤異常' }).click();
        await page.getByRole('heading', { name: '出勤異常', level: 1 }).waitFor();
        await page.getByRole('button', { name: /查詢範圍/ }).click();
        await page.getByRole('option', { name: /全機關/ }).click();
        // Typed a segment at a time, the period passes through others the service may refuse (too long, reversed).
        expectRefusal(page, 400, /\/api\/attendance\/agencies\/[^/]+\/anomalies/);
        await typeDate(page, '起日', wednesday!);
        await typeDate(page, '迄日', wednesday!);
        await page.locator('#anomaly-count', { hasText: /共 \d+ 筆/ }).waitFor();
        const row = page.getByRole('row', { name: new RegExp(`${rocLabel(wednesday!).replace(/[()]/g, '\\$&')}.*陳怡君`) });
        if (present) await row.waitFor();
        else await page.locator('#anomaly-count', { hasText: '共 0 筆' }).waitFor();
        expect(await row.count()).to.equal(present ? 1 : 0);
      };
      await anomaliesShow(true);
      expect(await page.getByRole('row', { name: /陳怡君/ }).innerText()).to.contain('遲到');

      // 停止上班上課 for that day, after the fact.
      // 停止上班上課 is a 管理 page (/attendance/closures, where it was, leads there).
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '停止上班上課' }).click();
      await page.getByRole('heading', { name: '停止上班上課', level: 1 }).waitFor();
      await typeDate(page, '日期', wednesday!);
      await page.getByRole('textbox', { name: '名稱' }).fill(`颱風停止上班上課（${viewport}）`);
      await page.getByRole('button', { name: '登錄', exact: true }).click();
      await page.getByRole('heading', { name: `${rocLabel(wednesday!)} 出勤結果` }).waitFor();
      await page.locator('#recompute-status', { hasText: '已重新計算' }).waitFor({ timeout: 90_000 });
      const teacherRow = page.getByRole('row', { name: /陳怡君/ });
      expect(await teacherRow.innerText()).to.contain('停止上班上課');
      expect(await teacherRow.innerText()).to.contain('09:12');
      await page.getByRole('list', { name: '已登錄的停止上班上課' }).getByText(`颱風停止上班上課（${viewport}）`).waitFor();
      await checkPage(page, 'closures');

      await anomaliesShow(false);
      await checkPage(page, 'anomalies-after-closure');
    });
  });
}
