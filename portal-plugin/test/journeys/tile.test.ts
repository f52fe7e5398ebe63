// The portal tile as a portal shows it: a stand-in portal page on another port
// embeds it with the one <iframe> line of the README ("Adding the tile to a
// portal"). From the origin TILE_FRAME_ANCESTORS allows (same site as the
// gateway, so the session cookie goes with the frame's requests) the tile
// shows a signed-in person's badges with the services' numbers; signed out it
// is the plain tile with no console error; a click takes the whole window
// through the portal's sign-in to the deep-linked page; and a portal not
// allowed cannot frame it at all.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { FrameLocator, Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, newVisitor, screenshot, signInAtPortal } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { theSystem } from '../support/system.ts';
import type { RunningSystem } from '../support/system.ts';

const TILE_TITLE = 'WebITR 差勤系統';

/** The line a portal's administrator adds (README), for this system's gateway. */
const embedLine = (gatewayUrl: string) =>
  `<iframe src="${gatewayUrl}/tile/kh-edu" title="${TILE_TITLE}" width="340" height="200" style="border:0" sandbox="allow-scripts allow-same-origin allow-top-navigation-by-user-activation"></iframe>`;

/** A portal's page (教育入口網 常用功能) with the tile in it, served from its own origin. */
async function standInPortal(port: number, gatewayUrl: string): Promise<{ url: string; server: Server }> {
  const page = `<!doctype html>
<html lang="zh-Hant-TW">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>教育入口網</title><link rel="icon" href="data:,"></head>
<body style="margin:0;font-family:'Noto Sans CJK TC',sans-serif;background:#eef1f5">
<main style="padding:16px"><h1 style="font-size:1.3rem;margin:0 0 12px">高雄市教育局資訊服務入口</h1>
<h2 style="font-size:1.05rem;margin:0 0 8px">常用功能</h2>
${embedLine(gatewayUrl)}
</main></body></html>`;
  const server = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const tileIn = (page: Page): FrameLocator => page.frameLocator(`iframe[title="${TILE_TITLE}"]`);

/** The badges the tile shows now: key → text, for those not hidden. */
async function badgesShown(tile: FrameLocator): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const badge of await tile.locator('.webitr-badge:not([hidden])').all())
    shown[(await badge.getAttribute('data-count'))!] = (await badge.innerText()).replace(/\s*件$/, '');
  return shown;
}

/** The first deputy on the signed-in person's list (代理人設定), 林志明 added first if the list is empty: a form needs one. */
async function aDeputyOf(page: Page, system: RunningSystem, csrfToken: string): Promise<string> {
  const list = (await (await page.request.get(system.url('/api/leave/deputies'))).json()) as { deputies: { personId: string }[] };
  if (list.deputies[0]) return list.deputies[0].personId;
  const found = (await (await page.request.get(system.url(`/api/directory/colleagues?q=${encodeURIComponent('林志明')}`))).json()) as {
    items: { personId: string }[];
  };
  const personId = found.items[0]!.personId;
  const added = await page.request.post(system.url('/api/leave/deputies'), {
    headers: { 'x-csrf-token': csrfToken, 'idempotency-key': randomUUID() },
    data: { personId },
  });
  expect(added.status(), await added.text()).to.be.below(300);
  return personId;
}

/** After a click in the tile: the whole window goes through the portal's sign-in (signing in if the portal asks) to the page. */
async function landOn(page: Page, system: RunningSystem, pathname: string, username: string): Promise<void> {
  await page.waitForURL((url) => url.origin === system.identityProviderUrl || url.pathname === pathname);
  if (page.url().startsWith(system.identityProviderUrl)) await signInAtPortal(page, username);
  await page.waitForURL(system.url(pathname));
}

for (const viewport of VIEWPORTS) {
  describe(`the portal tile in a portal's page (${viewport})`, function () {
    let system: RunningSystem;
    let portal: { url: string; server: Server };
    let elsewhere: { url: string; server: Server };
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      system = await theSystem();
      portal = await standInPortal(Number(new URL(system.portalOrigin).port), system.gatewayUrl);
      // Any free port: an origin TILE_FRAME_ANCESTORS does not name.
      elsewhere = await standInPortal(0, system.gatewayUrl);
    });

    afterEach(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    after(async () => {
      portal?.server.close();
      elsewhere?.server.close();
    });

    it('shows the signed-in teacher her 批核/申請/代理 badges with the services’ numbers, and 申請案件 opens that page', async () => {
      const teacher = await newPerson('teacher', { viewport });
      people.push(teacher);
      const { page } = teacher;
      // A form of her own, so that 申請案件 is not zero: 事假, half a day in 116 (2027), far from other journeys' dates.
      const { csrfToken } = (await (await page.request.get(system.url('/api/me'))).json()) as { csrfToken: string };
      const write = { 'x-csrf-token': csrfToken, 'idempotency-key': randomUUID() };
      const deputyId = await aDeputyOf(page, system, csrfToken);
      const filed = await page.request.post(system.url('/api/leave/forms/leave'), {
        headers: write,
        data: {
          deputyId,
          leaveType: 'personal',
          start: viewport === 'phone' ? '116-10-13 08:00' : '116-10-20 08:00',
          end: viewport === 'phone' ? '116-10-13 12:00' : '116-10-20 12:00',
          reason: '入口網小工具測試',
        },
      });
      expect(filed.status(), await filed.text()).to.be.below(300);
      const home = (await (await page.request.get(system.url('/api/leave/home/counts'))).json()) as {
        applications: number;
        deputy: number;
      };
      const inbox = (await (await page.request.get(system.url('/api/approvals/inbox?limit=1'))).json()) as { total: number };
      expect(home.applications).to.be.at.least(1);

      await page.goto(portal.url);
      const tile = tileIn(page);
      await tile.locator('.webitr-badge[data-count="applications"]:not([hidden])').waitFor();
      expect(await badgesShown(tile)).to.deep.equal({
        approvals: String(inbox.total),
        applications: String(home.applications),
        deputy: String(home.deputy),
      });
      // The link's name carries the count for a screen reader: 「申請案件 1 件」.
      await tile.getByRole('link', { name: `申請案件 ${home.applications} 件` }).waitFor();
      await screenshot(page, 'portal-tile-signed-in');
      expectClean(page);
      await checkA11y(page);

      await tile.getByRole('link', { name: /^申請案件/ }).click();
      await landOn(page, system, '/leave/requests', 'teacher');
      expectClean(page);
    });

    it('shows a signed-out visitor the plain tile with no badge and no console error; 批核案件 signs the director in and opens it', async () => {
      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const { page } = visitor;
      const counts = page.waitForResponse((response) => response.url() === system.url('/api/tile/counts'));
      await page.goto(portal.url);
      const tile = tileIn(page);
      await tile.getByRole('link', { name: '差假申請' }).waitFor();
      // The tile asked and was told there is no one: 200, not a 401 Chromium would log.
      const answer = await counts;
      expect([answer.status(), await answer.json()]).to.deep.equal([200, { signedIn: false }]);
      expect(await badgesShown(tile)).to.deep.equal({});
      await screenshot(page, 'portal-tile');
      expectClean(page);
      await checkA11y(page);

      await tile.getByRole('link', { name: '批核案件' }).click();
      await page.waitForURL(`${system.identityProviderUrl}/**`);
      await signInAtPortal(page, 'director');
      expect(page.url()).to.equal(system.url('/approvals'));
      expectClean(page);
    });

    it('cannot be framed by a portal TILE_FRAME_ANCESTORS does not name: Chromium refuses to show it', async () => {
      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const { page } = visitor;
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().includes('frame-ancestors')) refusals.push(message.text());
      });
      const tileAnswer = page.waitForResponse((response) => response.url() === system.url('/tile/kh-edu'));
      await page.goto(elsewhere.url);
      // The gateway answered, and said who may frame it; the browser did not show it here.
      const answer = await tileAnswer;
      expect(answer.headers()['content-security-policy']).to.contain(`frame-ancestors ${system.portalOrigin}`);
      await page.waitForLoadState('load');
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame, 'the iframe').to.not.equal(undefined);
      expect(frame!.url()).to.not.contain('/tile/kh-edu');
      expect(await tileIn(page).getByRole('link', { name: '差假申請' }).count()).to.equal(0);
      expect(refusals.join('\n')).to.contain(system.portalOrigin);
    });
  });
}
