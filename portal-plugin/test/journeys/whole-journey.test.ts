// Issue 14's whole journey, entirely through the web app, each person in a
// browser context of their own: the applicant comes in from the portal tile
// (/tile/<portal> → sign-in at the development identity provider → 差假申請),
// files one day with a deputy, seeing the counted hours and the route before
// sending; the deputy consents on 代理案件; the unit head 決行s on 批核案件;
// the applicant sees the form 已決行 on 申請案件 and the balance on 差假申請
// reduced by the day. The demo flow (services/approval/src/usecases/seed-demo)
// gives a day's leave to the unit head alone — the principal 決行s only
// beyond 3 days (approvals.test.ts) — and the journey checks the route says so.
// The teacher (陳怡君) files 事假 on a phone (teachers have no 休假); the city's
// staff member (張雅婷, 到職 2019) files 休假 at desktop size, decided by her
// section chief (周志偉). Also: a returned form modified and resubmitted.
// Dates of their own: the teacher's in 2027-03 (school year 115, the one her
// 事假 buttons show today), the staff member's 2026-12-15 (her 休假 year).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { eventually } from '@webitr/testkit';
import { checkA11y, expectClean, newPerson, newVisitor, portalOf, screenshot, signInAtPortal } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { ensureDeputy, typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';
import type { RunningSystem } from '../support/system.ts';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** `事假 剩餘: 6日4小時` → minutes (a day of the balance is 8 hours). */
const minutesOf = (label: string): number => {
  const [, d, h] = /(\d+)日(\d+)小時/.exec(label)!;
  return Number(d) * 480 + Number(h) * 60;
};

/** The form's entry in whichever list the size shows (cards on a phone, the table on a desktop). */
const entryOf = (page: Page, formId: string) => page.locator(`[data-form-id="${formId}"]`).locator('visible=true');

const caseLink = (page: Page, caseId: string) => page.locator(`a[href="/approvals/${encodeURIComponent(caseId)}"]`).first();

interface Journey {
  who: string;
  applicant: { username: string; name: string; viewport: Viewport };
  deputy: { username: string; id: string; name: string; viewport: Viewport };
  approver: { username: string; name: string; viewport: Viewport };
  leaveType: string;
  /** YYYY-MM-DD, a working day. */
  date: string;
  /** The applicant's working day. */
  hours: [string, string];
}

const JOURNEYS: Journey[] = [
  {
    who: 'teacher',
    applicant: { username: 'teacher', name: '陳怡君', viewport: 'phone' },
    deputy: { username: 'school-admin', id: 'demo-school-admin', name: '黃建華', viewport: 'phone' },
    approver: { username: 'director', name: '林志明', viewport: 'desktop' },
    leaveType: '事假',
    date: '2027-03-02',
    hours: ['08:00', '16:00'],
  },
  {
    who: 'staff',
    applicant: { username: 'staff', name: '張雅婷', viewport: 'desktop' },
    deputy: { username: 'city-admin', id: 'demo-city-admin', name: '李國強', viewport: 'desktop' },
    approver: { username: 'section-chief', name: '周志偉', viewport: 'phone' },
    leaveType: '休假',
    date: '2026-12-15',
    hours: ['08:00', '17:15'],
  },
];

/** `2027-03-02` → `116-03-02`, as the app shows a date. */
const rocDate = (iso: string) => `${Number(iso.slice(0, 4)) - 1911}${iso.slice(4)}`;

describe('the whole journey in a browser: tile → 差假申請 → 代理案件 → 批核案件 → 申請案件', function () {
  this.timeout(240_000);
  let system: RunningSystem;
  const people: Person[] = [];

  before(async function () {
    this.timeout(180_000);
    system = await theSystem();
  });

  afterEach(async () => {
    for (const person of people.splice(0)) await person.close();
  });

  for (const j of JOURNEYS) {
    it(`${j.applicant.name} files one day of ${j.leaveType} with a deputy on a ${j.applicant.viewport}, and sees it decided and the balance reduced`, async () => {
      // The applicant comes in from the portal's tile and signs in at the portal.
      const applicant = await newVisitor({ viewport: j.applicant.viewport });
      people.push(applicant);
      const { page } = applicant;
      await page.goto(system.url(`/tile/${portalOf(j.applicant.username)}`));
      await page.getByRole('link', { name: '差假申請' }).click();
      await signInAtPortal(page, j.applicant.username);
      expect(new URL(page.url()).pathname).to.equal('/leave/apply');
      await page.getByRole('heading', { name: '差假申請', level: 1 }).waitFor();
      // 代理人設定 holds the deputy (a form needs a list); the form offers it among the eligible ones.
      await ensureDeputy(page, j.deputy.id);
      await page.reload();

      const typeButton = page
        .getByRole('navigation', { name: '申請項目' })
        .getByRole('link', { name: new RegExp(`^${j.leaveType} 剩餘:`) });
      const before = minutesOf(await typeButton.innerText());
      expect(before, 'a balance to take the day from').to.be.at.least(480);
      await checkPage(page, `journey-${j.who}-types`);
      await typeButton.click();
      await page.getByRole('heading', { name: j.leaveType, level: 2 }).waitFor();
      await typeDate(page, '請假起時', `${j.date} ${j.hours[0]}`);
      await typeDate(page, '請假迄時', `${j.date} ${j.hours[1]}`);
      // Before sending: the counted hours and the route the form will take.
      await page
        .locator('#quote-duration')
        .getByText(/共 1日0小時/)
        .waitFor();
      await page
        .locator('#quote-route')
        .getByText(new RegExp(`決行: ${j.approver.name}`))
        .waitFor();
      await page.locator('label.choice', { hasText: j.deputy.name }).click();
      expect(await page.getByRole('radio', { name: new RegExp(j.deputy.name) }).isChecked()).to.equal(true);
      await page.getByRole('textbox', { name: '事由' }).fill(`整段流程測試 ${j.who}`);
      await checkPage(page, `journey-${j.who}-apply`);
      await page.getByRole('button', { name: '送出表單' }).click();
      await page.getByRole('heading', { name: '表單已送出' }).waitFor();
      expect(await page.getByRole('status').innerText()).to.contain(j.deputy.name);
      expectClean(page);
      const mine = await callApi<{ items: { id: string; title: string; period: string; submission: number }[] }>(
        page,
        'GET',
        '/api/leave/forms?box=mine',
      );
      const form = mine.body.items.find((f) => f.title === j.leaveType && f.period.startsWith(rocDate(j.date)));
      expect(form, JSON.stringify(mine.body.items.map((f) => [f.title, f.period]))).to.not.equal(undefined);
      const caseId = `${form!.id}:request:${form!.submission}`;

      // The deputy, in a browser of their own, consents on 代理案件.
      const deputy = await newPerson(j.deputy.username, { viewport: j.deputy.viewport, returnTo: '/deputy/cases' });
      people.push(deputy);
      await deputy.page.getByRole('heading', { name: '代理案件', level: 1 }).waitFor();
      const waiting = entryOf(deputy.page, form!.id);
      await waiting.waitFor();
      expect(await waiting.innerText())
        .to.contain(j.applicant.name)
        .and.contain(j.leaveType);
      await checkPage(deputy.page, `journey-${j.who}-deputy`);
      await waiting.getByRole('button', { name: /^同意代理/ }).click();
      await deputy.page
        .getByRole('region', { name: '代理紀錄' })
        .locator(`[data-form-id="${form!.id}"]`)
        .locator('visible=true')
        .filter({ hasText: '批核中' })
        .waitFor();
      expectClean(deputy.page);

      // The unit head decides on 批核案件: one day, so the unit head's step is final (決行), and no 校長 on the route.
      const approver = await newPerson(j.approver.username, { viewport: j.approver.viewport, returnTo: '/approvals' });
      people.push(approver);
      const ap = approver.page;
      await ap.getByRole('heading', { name: '批核案件', level: 1 }).waitFor();
      // The case opens from the leave service's event a moment after the consent: the inbox is read again until it is there.
      await eventually(
        async () => {
          if (await caseLink(ap, caseId).isVisible()) return true;
          await ap.reload();
          await ap.getByRole('heading', { name: '批核案件', level: 1 }).waitFor();
          return (await caseLink(ap, caseId).isVisible()) ? true : undefined;
        },
        `case ${caseId} in ${j.approver.name}'s inbox`,
        20_000,
      );
      await checkPage(ap, `journey-${j.who}-inbox`);
      await caseLink(ap, caseId).click();
      await ap.getByRole('heading', { name: `${j.applicant.name} ${j.leaveType}`, level: 1 }).waitFor();
      await ap.getByRole('heading', { name: '批核：單位主管（決行）' }).waitFor();
      const route = await ap.locator('.route').innerText();
      expect(route).to.contain(j.approver.name).and.not.contain('校長');
      await checkPage(ap, `journey-${j.who}-case`);
      await ap.getByRole('button', { name: '決行', exact: true }).click();
      await ap.getByRole('status').filter({ hasText: '已決行' }).waitFor();
      expectClean(ap);

      // Back with the applicant: 申請案件 says 已決行, and 差假申請's button shows the day taken.
      await eventually(
        async () =>
          (await callApi(page, 'GET', `/api/leave/forms/${encodeURIComponent(form!.id)}`)).body?.status === 'approved' ? true : undefined,
        `form ${form!.id} approved`,
        20_000,
      );
      await page.goto(system.url('/leave/requests'));
      await page.getByRole('heading', { name: '申請案件', level: 1 }).waitFor();
      const entry = entryOf(page, form!.id);
      await entry.filter({ hasText: '已決行' }).waitFor();
      await checkPage(page, `journey-${j.who}-requests`);
      await entry.getByRole('link').first().click();
      await page.getByRole('heading', { name: '處理紀錄' }).waitFor();
      const details = await page.locator('main').innerText();
      expect(details).to.contain('已決行').and.contain(`${j.deputy.name}（同意）`);
      await checkPage(page, `journey-${j.who}-request`);

      await page.goto(system.url('/leave/apply'));
      const after = minutesOf(await typeButton.innerText());
      expect(before - after, `${j.leaveType}: ${before} → ${after} minutes`).to.equal(480);
      await checkPage(page, `journey-${j.who}-balance`);
    });
  }

  it('lets the teacher modify a form the director returned and send it again: it is pending once more', async () => {
    const teacher = await newPerson('teacher', { viewport: 'phone' });
    const deputy = await newPerson('school-admin', { viewport: 'phone' });
    const director = await newPerson('director', { viewport: 'desktop' });
    people.push(teacher, deputy, director);
    const { page } = teacher;
    await ensureDeputy(page, 'demo-school-admin');
    // Filed, consented to and returned through the API (those pages have journeys of their own); modified through the UI.
    const filed = await callApi(
      page,
      'POST',
      '/api/leave/forms/leave',
      { leaveType: 'sick', start: '2027-03-09 08:00', end: '2027-03-09 16:00', deputyId: 'demo-school-admin', reason: '看牙醫' },
      true,
    );
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const formId = filed.body.items[0].id as string;
    const consent = await callApi(deputy.page, 'POST', `/api/leave/forms/${encodeURIComponent(formId)}/deputy/consent`, {});
    expect(consent.status, JSON.stringify(consent.body)).to.equal(200);
    const caseId = `${formId}:request:1`;
    const returned = await eventually(
      async () => {
        const res = await callApi(director.page, 'POST', `/api/approvals/cases/${encodeURIComponent(caseId)}/decisions`, {
          action: 'return',
          comment: '請註明看診醫院',
        });
        return res.status === 404 ? undefined : res;
      },
      `case ${caseId} opened`,
      20_000,
    );
    expect(returned.status, JSON.stringify(returned.body)).to.equal(200);
    await eventually(
      async () =>
        (await callApi(page, 'GET', `/api/leave/forms/${encodeURIComponent(formId)}`)).body?.status === 'returned' ? true : undefined,
      'the form returned',
      20_000,
    );

    await page.goto(system.url(`/leave/requests/${encodeURIComponent(formId)}`));
    await page.getByRole('heading', { name: '處理紀錄' }).waitFor();
    expect(await page.locator('main').innerText())
      .to.contain('退回修改')
      .and.contain('請註明看診醫院');
    await checkPage(page, 'journey-returned');
    await page.getByRole('link', { name: '修改' }).click();
    await page.waitForURL(`**/leave/apply?modify=${encodeURIComponent(formId)}`);
    const reason = page.getByRole('textbox', { name: '事由' });
    await reason.waitFor();
    expect(await reason.inputValue()).to.equal('看牙醫');
    // The quote sets the form itself aside: its counted time, not an overlap with itself.
    await page.locator('#quote-duration').waitFor();
    expect(await page.locator('main').innerText()).not.to.contain('重疊');
    await reason.fill('看牙醫（高雄市立聯合醫院）');
    await checkPage(page, 'journey-modify');
    await page.getByRole('button', { name: '送出修改' }).click();
    await page.getByRole('heading', { name: '表單已送出' }).waitFor();
    expectClean(page);

    const stored = await callApi(page, 'GET', `/api/leave/forms/${encodeURIComponent(formId)}`);
    expect(stored.body.reason).to.equal('看牙醫（高雄市立聯合醫院）');
    expect(stored.body.submission).to.equal(2);
    expect(['waiting-for-deputy', 'in-approval']).to.include(stored.body.status);
    await page.goto(system.url(`/leave/requests/${encodeURIComponent(formId)}`));
    await page.getByRole('heading', { name: '處理紀錄' }).waitFor();
    expect(await page.locator('h2 .status').innerText()).to.match(/^申請中/);
    expect(await page.getByRole('heading', { name: '處理紀錄' }).locator('xpath=..').innerText()).to.contain('修改');
    await checkPage(page, 'journey-resubmitted');
  });
});
