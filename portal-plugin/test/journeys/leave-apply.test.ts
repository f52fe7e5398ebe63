// 差假申請 in a real browser against the whole system: the type buttons with
// balances, the leave form's quote (counted hours, route) and deputies, field
// errors from the contracts' schema before anything is sent, attachments
// refused before upload, 加班 and 忘刷卡, and a returned form modified. Each
// journey files on dates of its own (December 2026) so that the others' forms
// never overlap it.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { typeDate } from '../support/forms.ts';
import { theSystem } from '../support/system.ts';

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** A call to the API as the signed-in person (same session, the CSRF token from /api/me). */
async function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const res = await fetch(path, {
        method,
        headers: {
          accept: 'application/json',
          'x-csrf-token': me.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
    },
    { method, path, body },
  );
}

/** The person's 代理人設定 holds `deputyId` (added if the list is empty: the service refuses a form without deputies). */
async function ensureDeputy(page: Page, deputyId: string): Promise<void> {
  const list = await callApi<{ deputies: { personId: string }[] }>(page, 'GET', '/api/leave/deputies');
  if (list.body.deputies.length > 0) return;
  const added = await callApi(page, 'POST', '/api/leave/deputies', { personId: deputyId });
  expect(added.status, JSON.stringify(added.body)).to.equal(201);
}

describe('差假申請 in a browser', function () {
  const people: Person[] = [];

  before(async function () {
    this.timeout(180_000);
    await theSystem();
  });

  afterEach(async () => {
    for (const person of people.splice(0)) await person.close();
  });

  const open = async (username: string, viewport: 'phone' | 'desktop', path = '/leave/apply') => {
    const person = await newPerson(username, { viewport, returnTo: path });
    people.push(person);
    await person.page.getByRole('heading', { name: '差假申請', level: 1 }).waitFor();
    return person;
  };

  for (const viewport of VIEWPORTS) {
    it(`shows the teacher her types with balances, no 休假, and each form (${viewport})`, async () => {
      const { page } = await open('teacher', viewport);
      await ensureDeputy(page, 'demo-school-admin');
      const types = page.getByRole('navigation', { name: '申請項目' });
      await types.getByRole('link', { name: /^事假 剩餘: \d+日\d+小時$/ }).waitFor();
      expect(await types.getByRole('link', { name: /^休假/ }).count(), 'teachers have no 休假').to.equal(0);
      await types.getByText('其他假別').click();
      await types.getByRole('link', { name: /^喪假/ }).waitFor();
      await checkPage(page, 'leave-apply-types');

      await types.getByRole('link', { name: /^事假/ }).click();
      await page.getByRole('heading', { name: '事假', level: 2 }).waitFor();
      await typeDate(page, '請假起時', '2026-12-01 08:00');
      await typeDate(page, '請假迄時', '2026-12-01 16:00');
      await page.locator('#quote-duration').getByText('1日0小時').waitFor();
      await checkPage(page, 'leave-apply-leave-form');

      await page.getByRole('link', { name: '更換假別' }).click();
      await page.getByRole('link', { name: '加班', exact: true }).click();
      await page.getByRole('heading', { name: '加班', level: 2 }).waitFor();
      await checkPage(page, 'leave-apply-overtime');
      await page.getByRole('link', { name: '更換假別' }).click();
      await page.getByRole('link', { name: '忘刷卡', exact: true }).click();
      await page.getByRole('heading', { name: '忘刷卡', level: 2 }).waitFor();
      await checkPage(page, 'leave-apply-forgotten-punch');
    });
  }

  it('lets the teacher file 事假 for one day on a phone with a deputy, the counted hours and the route shown before sending', async () => {
    const { page } = await open('teacher', 'phone');
    await ensureDeputy(page, 'demo-school-admin');
    await page.getByRole('link', { name: /^事假/ }).click();
    // The common path is prefilled: the next working day, the teacher's 08:00–16:00.
    const start = page.locator('.date-field', { has: page.getByText('請假起時', { exact: true }) });
    expect(await start.locator('[data-type=hour]').textContent()).to.equal('8');
    await typeDate(page, '請假起時', '2026-12-02 08:00');
    await typeDate(page, '請假迄時', '2026-12-02 16:00');
    await page.locator('#quote-duration').getByText('1日0小時（8 小時）').waitFor();
    await page
      .locator('#quote-route')
      .getByText(/決行: 林志明/)
      .waitFor();
    const deputy = page.getByRole('radiogroup', { name: /職務代理人/ });
    expect(await deputy.getByRole('radio', { checked: true }).count(), 'the first free deputy is preselected').to.equal(1);
    await page.getByRole('textbox', { name: '事由' }).fill('家中有事');
    await page.getByRole('button', { name: '送出表單' }).click();
    await page.getByRole('heading', { name: '表單已送出' }).waitFor();
    expect(await page.getByRole('status').innerText()).to.contain('代理案件');
    await checkPage(page, 'leave-apply-done');

    const forms = await callApi<{ items: { title: string; period: string; status: string }[] }>(page, 'GET', '/api/leave/forms?box=mine');
    const filed = forms.body.items.find((f) => f.title === '事假' && f.period.startsWith('115-12-02'));
    expect(filed, JSON.stringify(forms.body.items.map((f) => f.period))).to.not.equal(undefined);
    expect(filed!.status).to.equal('waiting-for-deputy');
  });

  it('lets the staff member file 休假 at desktop size, and the balance shown drops; 加班補休 without a balance is refused in words', async () => {
    const { page } = await open('staff', 'desktop');
    await ensureDeputy(page, 'demo-city-admin');
    // No approved overtime, so no 加班補休: the quote says so in words before anything is filed.
    expectRefusal(page, 409, '/api/leave/forms/leave/quote');
    await page.getByRole('link', { name: /^加班補休 剩餘: 0日0小時$/ }).click();
    await page.getByRole('heading', { name: '加班補休', level: 2 }).waitFor();
    await typeDate(page, '請假起時', '2026-12-03 08:00');
    await typeDate(page, '請假迄時', '2026-12-03 17:15');
    await page
      .locator('.quote')
      .getByText(/加班補休剩餘0日0小時，不足本次/)
      .waitFor();
    await page.getByRole('link', { name: '更換假別' }).click();

    // 到職日期 2019-03-01: 休假 by seniority (公務人員請假規則).
    const annual = page.getByRole('link', { name: /^休假 剩餘:/ });
    const before = await annual.innerText();
    await annual.click();
    await page.getByRole('heading', { name: '休假', level: 2 }).waitFor();
    await typeDate(page, '請假起時', '2026-12-03 08:00');
    await typeDate(page, '請假迄時', '2026-12-03 17:15');
    await page.locator('#quote-duration').getByText('1日0小時').waitFor();
    await page
      .locator('#quote-route')
      .getByText(/決行: 周志偉/)
      .waitFor();
    await page.getByRole('textbox', { name: '事由' }).fill('休假');
    await page.getByRole('button', { name: '送出表單' }).click();
    await page.getByRole('heading', { name: '表單已送出' }).waitFor();
    await page.getByRole('link', { name: '再申請一筆' }).click();
    const after = await page.getByRole('link', { name: /^休假 剩餘:/ }).innerText();
    const minutes = (text: string) => {
      const [, d, h] = /(\d+)日(\d+)小時/.exec(text)!;
      return Number(d) * 480 + Number(h) * 60;
    };
    expect(minutes(before), before).to.be.greaterThan(480);
    expect(minutes(before) - minutes(after), `${before} → ${after}`).to.equal(480);
    await checkPage(page, 'leave-apply-after-filing');
  });

  it('shows field errors beside their fields with the contracts’ words before anything is sent', async () => {
    const { page } = await open('teacher', 'phone');
    await ensureDeputy(page, 'demo-school-admin');
    const filings: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/leave/forms/leave')) filings.push(r.url());
    });
    await page.getByRole('link', { name: /^事假/ }).click();
    await page.getByRole('textbox', { name: '地點' }).fill('臺北市中正區重慶南路一段一二二號總統府旁邊');
    // By keyboard: leaving 地點 shows its message at once, which moves the button a pointer would aim at.
    await page.getByRole('button', { name: '送出表單' }).focus();
    await page.keyboard.press('Enter');
    const reasonField = page.locator('.field', { has: page.getByRole('textbox', { name: '事由' }) });
    const locationField = page.locator('.field', { has: page.getByRole('textbox', { name: '地點' }) });
    await reasonField.getByText('事由不得空白').waitFor();
    await locationField.getByText('地點上限20個字').waitFor();
    expect(await page.getByRole('textbox', { name: '事由' }).getAttribute('aria-invalid')).to.equal('true');
    expect(filings, 'nothing was sent').to.deep.equal([]);
    await checkPage(page, 'leave-apply-field-errors');
  });

  it('refuses an attachment of a refused type or over 10 MB before uploading, and uploads a PDF with its progress', async () => {
    const { page } = await open('teacher', 'desktop');
    await ensureDeputy(page, 'demo-school-admin');
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/leave/attachments')) uploads.push(r.url());
    });
    await page.getByRole('link', { name: /^事假/ }).click();
    const input = page.locator('input[type=file]');
    await input.setInputFiles([
      { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25) },
    ]);
    const refused = page.getByRole('list', { name: '未上傳的檔案' });
    await refused.getByText(/setup\.exe：不接受此檔案類型/).waitFor();
    await refused.getByText(/scan\.pdf：附件總上限10MB/).waitFor();
    expect(uploads, 'no byte was sent').to.deep.equal([]);

    await input.setInputFiles({
      name: '證明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
    });
    const list = page.getByRole('list', { name: '已選附件' });
    await list.getByText('已上傳').waitFor();
    expect(uploads).to.have.length(1);
    await checkPage(page, 'leave-apply-attachments');
    await list.getByRole('button', { name: '移除 證明.pdf' }).click();
    await list.waitFor({ state: 'detached' });
  });

  it('submits 加班 and 忘刷卡 forms for the staff member on a phone', async () => {
    const { page } = await open('staff', 'phone', '/leave/apply?form=overtime');
    await page.getByRole('heading', { name: '加班', level: 2 }).waitFor();
    await typeDate(page, '加班起時', '2026-12-04 18:00');
    await typeDate(page, '加班迄時', '2026-12-04 20:00');
    await page.getByRole('textbox', { name: '事由' }).fill('系統上線');
    await page.getByRole('button', { name: '送出表單' }).click();
    await page.getByRole('heading', { name: '表單已送出' }).waitFor();
    expect(await page.getByRole('status').innerText()).to.contain('加班');

    await page.getByRole('link', { name: '再申請一筆' }).click();
    await page.getByRole('link', { name: '忘刷卡', exact: true }).click();
    await typeDate(page, '忘刷卡日期', '2026-11-25');
    await page.locator('label', { hasText: '下班卡' }).click();
    await page.getByRole('textbox', { name: '事由' }).fill('忘記刷卡');
    await page.getByRole('button', { name: '送出表單' }).click();
    await page.getByRole('heading', { name: '表單已送出' }).waitFor();
    expect(await page.getByRole('status').innerText()).to.contain('忘刷卡');
    await checkPage(page, 'leave-apply-punch-done');
  });
});
