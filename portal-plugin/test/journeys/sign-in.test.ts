// Signing in and being refused, in a real browser against the whole system
// (support/system.ts), at a phone's and a desktop's size: the portal tile,
// the portal's sign-in, the signed-out page, and the refusals people meet —
// not granted the app, separated, outside every network zone. Assertions are
// about the words people read, so they hold while the pages are rebuilt.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, newVisitor, screenshot, signInAtPortal } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { theSystem } from '../support/system.ts';
import type { RunningSystem } from '../support/system.ts';

/** What every page must pass: nothing went wrong, axe is content, and the screenshot is saved. */
async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

for (const viewport of VIEWPORTS) {
  describe(`signing in and refusals in a browser (${viewport})`, function () {
    let system: RunningSystem;
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      system = await theSystem();
    });

    afterEach(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    it('takes the teacher from the portal tile through the portal sign-in to 差假申請, showing her name', async () => {
      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const { page } = visitor;
      await page.goto(system.url('/tile/kh-edu'));
      await checkPage(page, 'tile');
      await page.getByRole('link', { name: '差假申請' }).click();
      await page.waitForURL(`${system.identityProviderUrl}/**`);
      await screenshot(page, 'portal-sign-in');
      await signInAtPortal(page, 'teacher');
      expect(new URL(page.url()).pathname).to.equal('/leave/apply');
      await page.getByRole('heading', { name: '差假申請', level: 1 }).waitFor();
      await page.getByText('陳怡君').first().waitFor();
      await checkPage(page, 'leave-apply-signed-in');
    });

    it('signs the teacher in from / and shows her name on 首頁', async () => {
      const teacher = await newPerson('teacher', { viewport });
      people.push(teacher);
      const { page } = teacher;
      expect(new URL(page.url()).pathname).to.equal('/');
      await page.getByRole('heading', { name: '首頁', level: 1 }).waitFor();
      await page.getByText('陳怡君').first().waitFor();
      await checkPage(page, 'home');
    });

    it('asks a signed-out visitor at / to sign in through a portal, with no error on the page', async () => {
      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const { page } = visitor;
      // Today's page asks /api/me and Chromium logs the 401 as a console error; issue 14 wants none for a
      // signed-out visitor (and no menu, which today's page still shows): the React app's journey drops this line.
      expectRefusal(page, 401, system.url('/api/me'));
      await page.goto(system.url('/'));
      await page.getByRole('heading', { name: '請先登入' }).waitFor();
      // The portals' links come with their own request, after the heading.
      await page
        .getByRole('link', { name: /高雄市教育局資訊服務入口/ })
        .first()
        .waitFor();
      await checkPage(page, 'signed-out');
    });

    it('tells a person without the app, in words, that it is not granted and whom to ask', async () => {
      const person = await newPerson('no-app', { viewport });
      people.push(person);
      const { page } = person;
      await page.getByText('您尚未獲授權使用差勤系統').first().waitFor();
      expect(await page.locator('body').innerText()).to.contain('機關管理員');
      await checkPage(page, 'refused-app-not-granted');
    });

    it('refuses a separated person with the reason and its code', async () => {
      const person = await newVisitor({ viewport });
      people.push(person);
      const { page } = person;
      // The gateway answers the portal's callback with the refusal page.
      expectRefusal(page, 403, '/sso/kh-edu/callback');
      await page.goto(system.url('/sso/kh-edu?return_to=%2F'));
      await signInAtPortal(page, 'separated');
      await page.getByRole('heading', { name: '您已離職，無法使用差勤系統' }).waitFor();
      expect(await page.locator('body').innerText()).to.contain('PERSON_SEPARATED');
      await checkPage(page, 'refused-separated');
    });

    it('refuses a visitor from outside every network zone with the network refusal page, saying to connect the SSL-VPN', async () => {
      const outsider = await newVisitor({ viewport, zone: 'outside' });
      people.push(outsider);
      const { page } = outsider;
      expectRefusal(page, 403, system.url('/'));
      await page.goto(system.url('/'));
      await page.getByRole('heading', { name: '您目前的網路位置無法使用此功能' }).waitFor();
      const text = await page.locator('body').innerText();
      expect(text).to.contain('SSL-VPN').and.contain('NETWORK_ZONE_REQUIRED').and.contain('127.99.0.1');
      await checkPage(page, 'refused-network-zone');
    });
  });
}
