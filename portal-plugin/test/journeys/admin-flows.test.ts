// 批核流程設定 and 批核流程查詢 in a real browser (issue 17; seed 001, 13-1 and
// 14-1…14-3): 光華國小's personnel officer (王美玲, 差勤管理者) adds a flow group
// that serves nobody yet (職務類別 代課教師…), copies 教職員差假 to it, edits the
// copy's steps (one removed, a condition dropped, a 差勤管理者 會辦 added and
// moved up) and saves; the approval service gives back the steps as edited.
// She then asks 批核流程查詢 who would decide the teacher's 事假 of 5 days and
// of 1 day, and deletes the copy after confirming. Each viewport makes a group
// and a copy of its own; the copy serves nobody, so no other journey's route
// changes. No forms are filed, no dates used.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { adminUrl } from '../../src/web/app/admin.ts';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { theSystem } from '../support/system.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const FLOWS_API = `/api/approvals/agencies/${SCHOOL}/flows`;

async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, name);
  expectClean(page);
  await checkA11y(page);
}

/** A React Aria select: its button (by label) in `scope`, then the option. */
async function choose(page: Page, scope: ReturnType<Page['locator']>, label: RegExp, option: string): Promise<void> {
  await scope.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

for (const viewport of VIEWPORTS) {
  describe(`批核流程設定 and 批核流程查詢 in a browser (${viewport})`, function () {
    this.timeout(300_000);
    const mark = viewport === 'phone' ? '手機' : '桌機';
    const group = `代課教師（${mark}）`;
    const copyName = `代課教師差假（${mark}）`;
    let personnel: Person;

    before(async function () {
      this.timeout(180_000);
      await theSystem();
      personnel = await newPerson('personnel', { viewport });
    });

    after(async () => {
      await personnel?.close();
    });

    it('the personnel officer adds a flow group, copies 教職員差假 to it and edits the copy’s steps; the service has them as edited', async () => {
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '批核流程設定' }).click();
      await page.getByRole('heading', { name: '批核流程設定', level: 1 }).waitFor();
      const flows = page.locator('#flows');
      const source = flows.locator('li.flow-item', { has: page.getByRole('heading', { name: '教職員差假', exact: true }) });
      // The demo flow as numbered steps, with the words of the seeds: 會辦 reads 會畢, the last step 決行.
      await source.waitFor();
      const sourceSteps = await source.locator('ol.flow-steps > li').allInnerTexts();
      expect(sourceSteps).to.have.length(4);
      expect(sourceSteps[0]).to.contain('單位主管').and.contain('不超過 3 日時').and.contain('核准；其後步驟不適用時決行');
      expect(sourceSteps[2]).to.contain('人事室').and.contain('會畢');
      expect(sourceSteps[3]).to.contain('校長（機關首長）').and.contain('決行');
      await checkPage(page, 'admin-flows');

      // 新增流程群組: a job category nobody holds yet, so the group moves nobody.
      const addGroup = page.getByRole('form', { name: '新增流程群組' });
      await addGroup.getByLabel('群組名稱').fill(group);
      await addGroup.getByLabel('職務類別').fill(`代課教師${mark}`);
      await addGroup.getByRole('button', { name: '新增流程群組' }).click();
      await addGroup.getByText(`已儲存流程群組「${group}」。`).waitFor();
      await page.locator('#flow-groups').getByText(group, { exact: true }).waitFor();

      // 複製 教職員差假 to the new group: the copy opens for editing.
      await source.getByRole('button', { name: '複製 教職員差假' }).click();
      const copyForm = page.getByRole('form', { name: '複製 教職員差假' });
      await copyForm.getByLabel('新流程名稱').fill(copyName);
      await choose(page, copyForm, /流程群組/, group);
      await choose(page, copyForm, /差假類別群組/, '差假、加班、補休、忘刷卡');
      await copyForm.getByRole('button', { name: '複製流程' }).click();
      await page.getByRole('heading', { name: '編輯批核流程', level: 1 }).waitFor();
      await page.getByText('已複製「教職員差假」，可在此編輯新流程的步驟。').waitFor();
      const form = page.getByRole('form', { name: `編輯 ${copyName}` });
      await form.waitFor();
      expect(await form.locator('ol.step-editor > li').count()).to.equal(4);

      // The second 單位主管 (more than 3 days) goes; the first then applies always.
      await form.getByRole('button', { name: '刪除步驟 2' }).click();
      await choose(page, form.getByRole('group', { name: /^步驟 1：/ }), /適用條件/, '一律適用');
      // A 差勤管理者 會辦 added at the end, then moved up to second.
      await form.getByRole('button', { name: '新增步驟' }).click();
      const added = form.getByRole('group', { name: /^步驟 4：/ });
      await added.getByLabel('步驟名稱').fill('差勤管理者');
      await choose(page, added, /批核者/, '角色');
      // 差勤管理者 is the role a new role step starts with (the summary below says so).
      await added.locator('label.checkbox', { hasText: '會辦' }).click();
      await form.getByRole('button', { name: '步驟 4 上移' }).click();
      await form.getByRole('button', { name: '步驟 3 上移' }).click();
      const summary = await page.locator('#flow-summary > li').allInnerTexts();
      expect(summary).to.deep.equal([
        '1. 單位主管 — 核准後陳送下一步',
        '2. 差勤管理者（角色：差勤管理者） — 會辦（批示「會畢」）',
        '3. 人事室（人事室主管） 超過 3 日時 — 會辦（批示「會畢」）',
        '4. 校長（機關首長） 超過 3 日時 — 決行',
      ]);
      await checkPage(page, 'admin-flow-edit');
      await form.getByRole('button', { name: '儲存流程' }).click();
      await page.getByText(`已儲存「${copyName}」（第 2 版）。`).waitFor();

      // Read back from the approval service.
      const listed = await callApi(page, 'GET', FLOWS_API);
      expect(listed.status).to.equal(200);
      const copy = listed.body.flows.find((f: { name: string }) => f.name === copyName);
      const groupId = listed.body.flowGroups.find((g: { name: string }) => g.name === group).id;
      expect(copy).to.include({ flowGroupId: groupId, categoryGroupId: 'all-forms', version: 2 });
      expect(copy.steps.map((s: { label: string }) => s.label)).to.deep.equal(['單位主管', '差勤管理者', '人事室', '校長']);
      expect(copy.steps[0].when).to.equal(undefined);
      expect(copy.steps[1]).to.deep.include({ approver: { kind: 'role', role: 'attendance-manager' }, countersign: true });
      expect(copy.steps[3]).to.deep.include({ approver: { kind: 'agency-head' }, when: { measure: 'days', op: 'gt', value: 3 } });
      // The flow copied from is as it was.
      const original = listed.body.flows.find((f: { id: string }) => f.id === 'demo-school-staff');
      expect(original.steps.map((s: { label: string }) => s.label)).to.deep.equal(['單位主管', '單位主管', '人事室', '校長']);
      expectClean(page);
    });

    it('批核流程查詢: who would decide the teacher’s 事假 today — 5 days through 人事室 會畢 to the principal’s 決行, 1 day the director’s', async () => {
      const { page } = personnel;
      await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '批核流程查詢' }).click();
      await page.getByRole('heading', { name: '批核流程查詢', level: 1 }).waitFor();
      const form = page.getByRole('form', { name: '批核流程查詢' });
      // Asking without a person names the field.
      await form.getByRole('button', { name: '查詢批核流程' }).click();
      await form.getByText('請選擇人員').waitFor();
      await form.getByLabel('申請人').fill('陳怡君');
      await page.getByRole('option', { name: /陳怡君/ }).click();
      await form.getByLabel('天數').fill('5');
      await form.getByRole('button', { name: '查詢批核流程' }).click();
      const result = page.locator('#route-result');
      // The answer, or the problem the service gave instead (which fails the test with its code).
      await page.locator('#route-result, main [data-problem-code]').first().waitFor();
      expect(await page.locator('main [data-problem-code]').count(), await page.locator('main').innerText()).to.equal(0);
      await result.getByRole('heading', { name: '陳怡君 事假 5 日的批核流程' }).waitFor();
      await result.getByText('適用流程：教職員差假').waitFor();
      const long = await result.locator('#route-steps > li').allInnerTexts();
      expect(long).to.have.length(3);
      expect(long[0]).to.match(/^單位主管：林志明 — 核准/);
      expect(long[1]).to.match(/^人事室：王美玲 — 會畢/);
      expect(long[2]).to.match(/^校長：蔡文雄 — 決行/);
      await checkPage(page, 'admin-flow-preview');

      await form.getByLabel('天數').fill('1');
      await form.getByRole('button', { name: '查詢批核流程' }).click();
      await result.getByRole('heading', { name: '陳怡君 事假 1 日的批核流程' }).waitFor();
      const short = await result.locator('#route-steps > li').allInnerTexts();
      expect(short).to.have.length(1);
      expect(short[0]).to.match(/^單位主管：林志明 — 決行/);
      expectClean(page);
    });

    it('deletes the copy after confirming; the service no longer has it', async () => {
      const system = await theSystem();
      const { page } = personnel;
      await page.goto(system.url(adminUrl(SCHOOL, 'flows')));
      await page.getByRole('heading', { name: '批核流程設定', level: 1 }).waitFor();
      const item = page.locator('li.flow-item', { has: page.getByRole('heading', { name: copyName, exact: true }) });
      await item.getByRole('button', { name: `刪除 ${copyName}` }).click();
      const dialog = page.getByRole('alertdialog', { name: `是否確定刪除「${copyName}」？` });
      await dialog.waitFor();
      await checkA11y(page);
      await dialog.getByRole('button', { name: '刪除' }).click();
      await item.waitFor({ state: 'detached' });
      const listed = await callApi(page, 'GET', FLOWS_API);
      const names = listed.body.flows.map((f: { name: string }) => f.name);
      expect(names).to.not.include(copyName);
      expect(names).to.include('教職員差假');
      await page.waitForLoadState('networkidle');
      expectClean(page);
    });
  });
}
