// 通知 in a real browser against the whole system: the teacher files a form
// through the API naming 黃建華 (school-admin) as her deputy; the notification
// service asks him to consent, in the app and by mail to the development
// mailbox. He sees the bell's count and the notification, opens it (read, and
// on 代理案件 with the form), marks all read (the bell says 沒有未讀), changes
// which notifications come by mail; and the mail's deep link, opened signed
// out, lands on 代理案件 after the portal's sign-in. Each size files on days
// of its own (March 2027, school year 115), clear of the other journeys'.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { eventually } from '@webitr/testkit';
import { VIEWPORTS, checkA11y, expectClean, newPerson, newVisitor, screenshot, signInAtPortal } from '../support/browser.ts';
import type { Person, Viewport } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';
import { badgeText } from '../../src/web/lib/notifications.ts';

/** Working days per size, of their own (no holiday in November 2027; March is the whole journey's). */
const DAYS: Record<Viewport, [string, string, string]> = {
  phone: ['2027-11-09', '2027-11-10', '2027-11-11'],
  desktop: ['2027-11-16', '2027-11-17', '2027-11-18'],
};

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

interface ListedNotification {
  id: string;
  link: string;
  read: boolean;
  title: string;
}

for (const viewport of VIEWPORTS) {
  describe(`通知 in a browser (${viewport})`, function () {
    this.timeout(180_000);
    const people: Person[] = [];
    let teacher: Person;
    let deputy: Person;

    before(async () => {
      await theSystem();
      teacher = await newPerson('teacher', { viewport });
      deputy = await newPerson('school-admin', { viewport });
      people.push(teacher, deputy);
      // Filing needs a deputy list (第一次使用需先設定代理人): 黃建華 on it, as the other journeys have him.
      const list = await callApi(teacher.page, 'GET', '/api/leave/deputies');
      if (!(list.body.deputies as { personId: string }[]).some((d) => d.personId === 'demo-school-admin'))
        expect((await callApi(teacher.page, 'POST', '/api/leave/deputies', { personId: 'demo-school-admin' }, true)).status).to.equal(201);
    });

    after(async () => {
      for (const person of people.splice(0)) await person.close();
    });

    /** The teacher files a day of 公假 (no balance to run out: other journeys use up her 事假) with 黃建華 as deputy; the path his notification links to. */
    async function fileWithDeputy(day: string): Promise<{ formId: string; path: string }> {
      const filed = await callApi(
        teacher.page,
        'POST',
        '/api/leave/forms/leave',
        {
          leaveType: 'official',
          start: `${day} 08:00`,
          end: `${day} 16:00`,
          reason: `通知測試 ${day}`,
          location: '高雄市教育局',
          deputyId: 'demo-school-admin',
        },
        true,
      );
      expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
      const formId = filed.body.items[0].id as string;
      return { formId, path: `/deputy/cases?form=${encodeURIComponent(formId)}` };
    }

    /** The deputy's notification that links to `path`, once the service has made it. */
    const notificationFor = (path: string) =>
      eventually(
        async () => {
          const mine = await callApi(deputy.page, 'GET', '/api/notifications/me?limit=50');
          return (mine.body.items as ListedNotification[]).find((n) => n.link === path);
        },
        `the deputy's notification linking to ${path}`,
        20_000,
      );

    it('the deputy sees the bell’s count and the notification, opens it on 代理案件, marks all read and chooses what comes by mail', async () => {
      const system = await theSystem();
      const { page } = deputy;
      // Two forms: one notification to open, and one still unread after that for 全部標為已讀.
      await notificationFor((await fileWithDeputy(DAYS[viewport][2])).path);
      const { path } = await fileWithDeputy(DAYS[viewport][0]);
      const notification = await notificationFor(path);
      expect(notification.read).to.equal(false);

      // The bell, on any page: its name says how many are unread, its badge shows the same number.
      await page.goto(system.url('/'));
      const bell = page.locator('#bell');
      await page.locator('#bell[aria-label$="則未讀"]').waitFor();
      const label = (await bell.getAttribute('aria-label')) ?? '';
      const unread = Number(/^通知，(\d+) 則未讀$/.exec(label)?.[1]);
      expect(unread, label).to.be.at.least(1);
      expect(await bell.locator('.bell-count').innerText()).to.equal(badgeText(unread));
      await checkPage(page, 'notifications-bell');

      // The list: newest first, so his new one is there, marked unread, with Taipei's date and weekday.
      await bell.click();
      await page.getByRole('heading', { name: '通知', level: 1 }).waitFor();
      const item = page.locator(`li.notification[data-id="${notification.id}"]`);
      await item.waitFor();
      expect(await item.getAttribute('class')).to.contain('unread');
      expect(await item.locator('.notification-meta').innerText()).to.match(
        /未讀[\s\S]*代理通知[\s\S]*\d{3}-\d{2}-\d{2} \([日一二三四五六]\) \d{2}:\d{2}/,
      );
      expect(await page.locator('#unread-summary').innerText()).to.equal(`${unread} 則未讀`);
      await checkPage(page, 'notifications');

      // Opening it marks it read and lands on 代理案件 with the form in the address.
      await item.getByRole('link', { name: notification.title }).click();
      await page.waitForURL(system.url(path));
      await page.getByRole('heading', { name: '代理案件', level: 1 }).waitFor();
      await eventually(async () => ((await notificationFor(path)).read ? true : undefined), 'the opened notification to be read', 10_000);
      expectClean(page);

      // 全部標為已讀: the list and the bell say none is unread, and so does the service.
      await page.goBack();
      await page.getByRole('heading', { name: '通知', level: 1 }).waitFor();
      await page.locator(`li.notification[data-id="${notification.id}"]:not(.unread)`).waitFor();
      await page.getByRole('button', { name: '全部標為已讀' }).click();
      await page.locator('#unread-summary', { hasText: '沒有未讀的通知' }).waitFor();
      await page.locator('#bell[aria-label="通知，沒有未讀"]').waitFor();
      expect(await page.locator('#bell .bell-count').count()).to.equal(0);
      expect(await page.locator('li.notification.unread').count()).to.equal(0);
      expect(await page.getByRole('button', { name: '全部標為已讀' }).isDisabled()).to.equal(true);
      expect((await callApi(page, 'GET', '/api/notifications/me/unread-count')).body.unread).to.equal(0);

      // Preferences: 代理通知 off by mail, saved, then back on as it was.
      const deputyMail = page.getByRole('checkbox', { name: '代理通知' });
      expect(await deputyMail.isChecked()).to.equal(true);
      await page.locator('label.preference', { hasText: '代理通知' }).click();
      await page.getByRole('button', { name: '儲存設定' }).click();
      await page.getByRole('status').filter({ hasText: '已儲存設定' }).waitFor();
      expect((await callApi(page, 'GET', '/api/notifications/me/preferences')).body.email.deputy).to.equal(false);
      await checkPage(page, 'notifications-read');
      await page.locator('label.preference', { hasText: '代理通知' }).click();
      await page.getByRole('button', { name: '儲存設定' }).click();
      await page.getByRole('status').filter({ hasText: '已儲存設定' }).waitFor();
      expect((await callApi(page, 'GET', '/api/notifications/me/preferences')).body.email.deputy).to.equal(true);
      expectClean(page);
    });

    it('the mail’s deep link, opened signed out, lands on 代理案件 after the portal’s sign-in', async () => {
      const system = await theSystem();
      const { path } = await fileWithDeputy(DAYS[viewport][1]);
      // The deputy's mail in the development mailbox, and the link in it that returns to his 代理案件.
      const link = await eventually(
        async () => {
          const mails = (await (await fetch(`${system.mailboxUrl}/messages`)).json()) as { to: string[]; text: string }[];
          for (const mail of mails.filter((m) => m.to.includes('admin@guanghua.demo')))
            for (const [url] of mail.text.matchAll(/https?:\/\/\S+/g)) if (new URL(url).searchParams.get('return_to') === path) return url;
          return undefined;
        },
        `the deputy's mail linking to ${path}`,
        30_000,
      );
      expect(link.startsWith(`${system.gatewayUrl}/sso/kh-edu?`), link).to.equal(true);

      const visitor = await newVisitor({ viewport });
      people.push(visitor);
      const { page } = visitor;
      await page.goto(link);
      await signInAtPortal(page, 'school-admin');
      await page.waitForURL(system.url(path));
      await page.getByRole('heading', { name: '代理案件', level: 1 }).waitFor();
      await page.locator('#person-name', { hasText: '黃建華' }).waitFor();
      await checkPage(page, 'notifications-deep-link');
    });
  });
}
