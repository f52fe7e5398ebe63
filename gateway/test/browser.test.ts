// One real browser (Debian's Chromium, driven by playwright-core): the tile
// link, the portal's login page, the deep-linked page showing who signed in,
// and 首頁 with its counts and week from the real leave, approval and punch services.
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser as Chromium } from 'playwright-core';
import { realService, startWorld } from './support/world.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('in a browser: portal tile → portal login → the deep-linked page', function () {
  this.timeout(90_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let browser: Chromium;

  before(async () => {
    // As `npm start` runs it: plain HTTP on this machine (no TLS proxy), so no Secure cookies; 127.0.0.1 is the intranet.
    // The notification service answers the header's bell on every page; 首頁's week reads the punch service too (上班卡 / 下班卡 / 出勤結果).
    const [leave, approval, notification, punch] = await Promise.all([
      realService('leave'),
      realService('approval'),
      realService('notification'),
      realService('punch-card-ingest'),
    ]);
    world = await startWorld({
      services: { LEAVE_URL: leave.url, APPROVAL_URL: approval.url, NOTIFICATION_URL: notification.url, PUNCH_CARD_INGEST_URL: punch.url },
      env: { SESSION_COOKIE_SECURE: 'false', NETWORK_ZONES: JSON.stringify({ intranet: ['127.0.0.0/8'] }), TRUSTED_PROXIES: '' },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await world?.close();
  });

  it('signs the teacher in from the tile, shows her name on 差假申請 and her counts on 首頁, with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    // Errors of the gateway's pages (the stand-in portal's own pages are not under test).
    page.on('console', (message) => {
      if (message.type() === 'error' && message.location().url.startsWith(world.gateway.url))
        problems.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${world.gateway.url}/tile/kh-edu`);
    await page.getByRole('link', { name: '差假申請' }).click();
    await page.waitForURL(`${world.idp.issuer}/interaction/**`);
    await page.locator('button[data-username="teacher"]').click();
    await page.waitForURL(`${world.gateway.url}/leave/apply`);
    expect(await page.locator('#person-name').textContent({ timeout: 15_000 })).to.equal('陳怡君');
    // The page renders as its code arrives (loaded on demand): wait for its title rather than read it at once.
    await page
      .locator('#page-title')
      .filter({ hasText: /^差假申請$/ })
      .waitFor({ timeout: 15_000 });
    expect(await page.locator('#person-agency').textContent()).to.equal('高雄市立光華國民小學');
    expect(await page.locator('#person-zone').textContent()).to.contain('機關內部網路');
    expect(await page.getByRole('link', { name: '差假申請' }).getAttribute('aria-current')).to.equal('page');

    // 首頁 from the menu: the three counts as links to their pages, and this week Monday to Sunday.
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '首頁' }).click();
    await page.waitForURL(`${world.gateway.url}/`);
    await page
      .locator('#page-title')
      .filter({ hasText: /^首頁$/ })
      .waitFor({ timeout: 15_000 });
    for (const [name, href] of [
      ['批核案件', '/approvals'],
      ['申請案件', '/leave/requests'],
      ['代理案件', '/deputy/cases'],
    ]) {
      const link = page.getByRole('link', { name: new RegExp(`^${name} \\d+$`) });
      await link.waitFor({ timeout: 15_000 });
      expect(await link.getAttribute('href')).to.equal(href);
    }
    const days = page.locator('table.week tbody th');
    await page.locator('table.week[aria-busy="false"]').waitFor();
    expect(await days.count()).to.equal(7);
    expect(await days.first().textContent()).to.match(/^\d{3}-\d{2}-\d{2} \(一\)$/);
    // The punch service answered the week, so 上班卡 / 下班卡 / 出勤結果 are there (from the punch service, through the gateway).
    for (const name of ['上班卡', '下班卡', '出勤結果']) expect(await page.getByRole('columnheader', { name }).count()).to.equal(1);
    // 結束所有裝置登入 asks first; 取消 leaves everything as it was.
    await page.getByRole('button', { name: '結束所有裝置登入' }).click();
    const dialog = page.getByRole('alertdialog', { name: '結束所有裝置登入' });
    expect(await dialog.textContent()).to.contain('確定要結束此帳號在所有裝置上的登入？');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(problems, problems.join('\n')).to.deep.equal([]);
    // And out again: the sign-out button ends the session here and at the portal.
    await page.locator('#sign-out').click();
    await page.waitForURL(`${world.idp.issuer}/**`);
    await page.getByRole('button', { name: '是，登出' }).click();
    await page.waitForURL(`${world.gateway.url}/signed-out`);
    expect(await page.locator('h1').textContent()).to.equal('您已登出差勤系統');
  });
});
