// 管理 in a real browser: who gets the administration pages and who gets the
// directory's refusal. One table (src/web/app/admin.ts, ADMIN_PAGES) makes the
// routes, the 管理 menu and this test, so a new page is refused here without
// anyone adding it: the teacher, the director and 教育局's administrator (an
// administrator of another agency) each open every administration address
// of 光華國小 and get the refusal the directory answered (403, its code on
// the page), never the page; and the menu shows each of them no link there.
// No forms are filed, no dates used.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ADMIN_PAGES, adminUrl } from '../../src/web/app/admin.ts';
import { VIEWPORTS, checkA11y, expectClean, expectRefusal, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
/** A real person for the pages about one person. */
const PARAMS = { personId: 'demo-teacher', flowId: 'demo-school-staff' };

/** Who is refused, and the directory's code for why. */
const REFUSED = [
  { username: 'teacher', who: '教師', code: 'ADMIN_ROLE_REQUIRED' },
  { username: 'director', who: '單位主管（教務主任）', code: 'ADMIN_ROLE_REQUIRED' },
  { username: 'bureau-admin', who: '教育局的機關管理員', code: 'OUTSIDE_AGENCY' },
] as const;

/** The 管理 menu's links (none: no menu). */
async function adminLinks(page: Page): Promise<{ label: string; href: string }[]> {
  const nav = page.getByRole('navigation', { name: '管理' });
  if ((await nav.count()) === 0) return [];
  const links: { label: string; href: string }[] = [];
  for (const link of await nav.getByRole('link').all())
    links.push({ label: await link.innerText(), href: (await link.getAttribute('href')) ?? '' });
  return links;
}

for (const viewport of VIEWPORTS) {
  describe(`管理: refusals on every administration page (${viewport})`, function () {
    this.timeout(300_000);
    const people: Person[] = [];

    before(async function () {
      this.timeout(180_000);
      await theSystem();
    });

    afterEach(async () => {
      for (const p of people.splice(0)) await p.close();
    });

    for (const { username, who, code } of REFUSED) {
      it(`refuses the ${who} on each of the ${ADMIN_PAGES.length} administration addresses of 光華國小, by the directory’s answer`, async () => {
        const system = await theSystem();
        const person = await newPerson(username, { viewport });
        people.push(person);
        const { page } = person;
        await page.getByRole('navigation', { name: '主選單' }).waitFor();
        // 首頁's own requests finish before the next address is opened (a goto would cut them short).
        await page.waitForLoadState('networkidle');
        // No link into 光華國小's administration (教育局's administrator has the menu, for 教育局 only).
        const links = await adminLinks(page);
        expect(links.filter((l) => l.href.includes(`/admin/agencies/${SCHOOL}/`))).to.deep.equal([]);
        if (username === 'bureau-admin') expect(links.length).to.be.greaterThan(0);

        let first = true;
        for (const adminPage of ADMIN_PAGES) {
          const url = adminUrl(SCHOOL, adminPage.path, PARAMS);
          expectRefusal(page, 403, '/api/directory/');
          // The refusal must be the directory's: wait for its 403, then for the page to show its code.
          const refused = page.waitForResponse((r) => r.url().includes('/api/directory/') && r.status() === 403);
          await page.goto(system.url(url));
          const answer = await refused;
          expect(((await answer.json()) as { code: string }).code, url).to.equal(code);
          const problem = page.locator(`main [data-problem-code="${code}"]`);
          await problem.waitFor();
          expect(await page.locator('main h1').first().innerText(), url).to.not.equal(adminPage.label);
          // Nothing of the page itself: no table, no form of it.
          expect(await page.locator('main table, main form').count(), url).to.equal(0);
          expect(await page.locator('main').innerText(), url).to.contain(
            code === 'OUTSIDE_AGENCY' ? '只能管理自己機關' : '管理功能依角色開放',
          );
          if (first) {
            await screenshot(page, `admin-refused-${username}`);
            await checkA11y(page);
            first = false;
          }
          await page.waitForLoadState('networkidle');
          expectClean(page);
        }
      });
    }

    it('shows 管理 by role from the same table: the administrator the directory’s pages, the personnel officer 基本資料, 報表, 制度管理, 人事公告欄, 請假管理 and 批核流程, and each opens', async () => {
      const system = await theSystem();
      const expected = {
        'school-admin': [
          '可用系統',
          '基本資料維護',
          '人員組織樹',
          '批次匯入',
          '帳號異動記錄',
          '離職人員查詢',
          '出勤時間',
          '人事公告欄',
          '寄送失敗通知',
        ],
        // 制度管理 is the personnel office's (seed 001, 5-1, 5-2, 5-6); 出勤時間 sets the directory's 班別 (manage-people).
        personnel: [
          '基本資料維護',
          '人員組織樹',
          '批次匯入',
          '差勤統計報表',
          '離職人員查詢',
          '特殊節日登記',
          '停止上班上課',
          '出勤時間',
          '機關規則參數',
          '人事公告欄',
          '休假年資更新',
          '假別餘額調整',
          '請假資料維護',
          '差假事由',
          '批核流程查詢',
          '批核流程設定',
        ],
      } as const;
      for (const [username, labels] of Object.entries(expected)) {
        const person = await newPerson(username, { viewport });
        people.push(person);
        const { page } = person;
        await page.getByRole('navigation', { name: '主選單' }).waitFor();
        const links = await adminLinks(page);
        expect(links.map((l) => l.label)).to.deep.equal(labels);
        for (const link of links) {
          expect(link.href.startsWith(`/admin/agencies/${SCHOOL}/`)).to.equal(true);
          await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: link.label }).click();
          await page.getByRole('heading', { name: link.label, level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          expectClean(page);
        }
      }
      // The personnel officer opening 可用系統 by its address reads it, but may not change it (the directory's rule).
      const personnel = people[people.length - 1]!.page;
      await personnel.goto(system.url(adminUrl(SCHOOL, 'apps')));
      await personnel.getByRole('heading', { name: '可用系統', level: 1 }).waitFor();
      await personnel.getByText('授權可用系統與角色須由高雄市立光華國民小學的機關管理員辦理').waitFor();
      await personnel.waitForLoadState('networkidle');
      // 帳號異動記錄 is the administrator's: the directory refuses the personnel officer.
      expectRefusal(personnel, 403, '/api/directory/');
      await personnel.goto(system.url(adminUrl(SCHOOL, 'change-log')));
      await personnel.locator('main [data-problem-code="ROLE_REQUIRED"]').waitFor();
      expectClean(personnel);
    });
  });
}
