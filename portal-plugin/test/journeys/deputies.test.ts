// 代理人設定 in a real browser against the whole system, as the teacher: add
// two colleagues through the search (name, unit, title — never a national
// ID), move one up, remove one after the confirmation. 黃建華, whom other
// journeys file with, stays on her list; the two added here are taken off at
// the end so the list is as it was.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';
import type { DeputyListView } from '@webitr/contracts/views/leave';

const ADDED = [
  { id: 'demo-director', name: '林志明', search: '林志明' },
  { id: 'demo-personnel', name: '王美玲', search: '王美' },
] as const;

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

const namesInOrder = async (page: Page) =>
  (await page.getByRole('table').getByRole('rowheader').allInnerTexts()).map((text) => text.split('\n')[0]!.trim());

for (const viewport of VIEWPORTS) {
  describe(`代理人設定 in a browser (${viewport})`, function () {
    this.timeout(180_000);
    let teacher: Person;

    before(async () => {
      await theSystem();
      teacher = await newPerson('teacher', { viewport });
      // Start without the two this test adds (a failed run before may have left them).
      const listed = (await callApi(teacher.page, 'GET', '/api/leave/deputies')).body.deputies as { personId: string }[];
      for (const { id } of ADDED)
        if (listed.some((d) => d.personId === id)) await callApi(teacher.page, 'DELETE', `/api/leave/deputies/${id}`);
    });

    after(async () => {
      await teacher?.close();
    });

    it('adds two colleagues found by name, moves one up and removes one, the table in order throughout', async () => {
      const system = await theSystem();
      const { page } = teacher;
      await page.goto(system.url('/deputies'));
      await page.getByRole('heading', { name: '代理人設定', level: 1 }).waitFor();
      expect(await page.locator('main').innerText()).to.contain('第一次使用需先設定代理人');
      // The list as the service holds it (other journeys give the teacher a deputy): read once the page has shown it.
      const held = (await callApi(page, 'GET', '/api/leave/deputies')).body as DeputyListView;
      const before = held.deputies.map((d) => d.name);
      if (before.length) await page.getByRole('rowheader', { name: new RegExp(before[0]!) }).waitFor();

      for (const { name, search } of ADDED) {
        const box = page.getByRole('combobox', { name: /代理人/ });
        await box.fill(search);
        const option = page.getByRole('option', { name: new RegExp(name) });
        await option.waitFor();
        // The picker says who someone is at work, and nothing like a national ID.
        expect(await page.getByRole('listbox').innerText()).to.not.match(/[A-Z][12]\d{8}/);
        if (name === '林志明') {
          expect(await option.innerText()).to.contain('教務主任');
          // With the list open, RAC hides the rest of the page from screen readers (aria-hidden), which axe reads as a
          // violation of the page behind it; the page is checked with axe below, with the list closed.
          await screenshot(page, 'deputies-search');
        }
        await option.click();
        await page.getByRole('button', { name: '新增', exact: true }).click();
        await page.getByRole('rowheader', { name: new RegExp(name) }).waitFor();
      }
      expect(await namesInOrder(page)).to.deep.equal([...before, '林志明', '王美玲']);
      for (const h of ['序號', '代理人', '上移', '下移', '移除']) await page.getByRole('columnheader', { name: h }).waitFor();
      await checkPage(page, 'deputies');

      await page.getByRole('button', { name: '上移 王美玲' }).click();
      await page
        .locator('table.deputies tbody tr')
        .nth(before.length)
        .getByRole('rowheader', { name: /王美玲/ })
        .waitFor();
      expect(await namesInOrder(page)).to.deep.equal([...before, '王美玲', '林志明']);

      await page.getByRole('button', { name: '移除 王美玲' }).click();
      const dialog = page.getByRole('alertdialog', { name: '移除代理人' });
      await dialog.waitFor();
      expect(await dialog.innerText()).to.contain('王美玲');
      await dialog.getByRole('button', { name: '移除' }).click();
      await page.getByRole('rowheader', { name: /王美玲/ }).waitFor({ state: 'detached' });
      expect(await namesInOrder(page)).to.deep.equal([...before, '林志明']);
      // The service holds the same list.
      const list = await callApi(teacher.page, 'GET', '/api/leave/deputies');
      expect((list.body.deputies as { name: string }[]).map((d) => d.name)).to.deep.equal([...before, '林志明']);

      await page.getByRole('button', { name: '移除 林志明' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: '移除' }).click();
      await page.getByRole('rowheader', { name: /林志明/ }).waitFor({ state: 'detached' });
      expectClean(page);
    });
  });
}
