import { expect } from 'chai';
import {
  approveLabel,
  batchSummary,
  decisionForm,
  decisionOpen,
  inboxQueryOf,
  matchesApplicant,
  offeredActions,
} from '../src/web/pages/approvals/logic.ts';
import { colleagueLabel, moveLabel } from '../src/web/pages/deputies/logic.ts';

describe('批核案件 logic', () => {
  it('names the approval by the step: 決行 on the final step, 會畢 on a countersign, 核准 otherwise', () => {
    expect(approveLabel({ final: true, countersign: false })).to.equal('決行');
    expect(approveLabel({ final: false, countersign: true })).to.equal('會畢');
    expect(approveLabel({ final: false, countersign: false })).to.equal('核准');
    expect(offeredActions({ final: true, countersign: false }).map((a) => a.label)).to.deep.equal(['決行', '退回', '不准']);
  });

  it('requires a reason for 退回 and 不准 in the service’s words, not for 核准', () => {
    const issue = (value: unknown) => {
      const parsed = decisionForm.safeParse(value);
      return parsed.success ? undefined : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(issue({ action: 'return', comment: '  ' })).to.deep.equal([['comment', '退回時須填寫理由']]);
    expect(issue({ action: 'reject' })).to.deep.equal([['comment', '不同意時須填寫理由']]);
    expect(issue({ action: 'approve' })).to.equal(undefined);
    expect(issue({ action: 'return', comment: '請補附件' })).to.equal(undefined);
  });

  it('offers a decision only on a case in approval whose current step is mine (or in my inbox as a stand-in), never on my own', () => {
    const route = [{ label: '單位主管', approverIds: ['d'], countersign: false, final: true, current: true }];
    expect(decisionOpen({ status: 'in-approval', applicantId: 't', route }, 'd', false)).to.equal(true);
    expect(decisionOpen({ status: 'in-approval', applicantId: 't', route }, 'p', false)).to.equal(false);
    expect(decisionOpen({ status: 'in-approval', applicantId: 't', route }, 'p', true)).to.equal(true);
    expect(decisionOpen({ status: 'approved', applicantId: 't', route }, 'd', false)).to.equal(false);
    expect(decisionOpen({ status: 'in-approval', applicantId: 'd', route }, 'd', true)).to.equal(false);
  });

  it('sends the inbox filter as Taipei instants, the end day included, and refuses a period that ends before it starts', () => {
    expect(inboxQueryOf({ kind: 'leave', from: '2026-11-02', to: '2026-11-30' })).to.deep.equal({
      ok: true,
      query: { kind: 'leave', from: '2026-11-02T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' },
    });
    expect(inboxQueryOf({ from: '2026-11-30', to: '2026-11-02' })).to.deep.equal({ ok: false, field: 'to', message: '迄日須晚於起日' });
    expect(matchesApplicant('陳怡君', '怡君')).to.equal(true);
    expect(matchesApplicant('陳怡君', '林')).to.equal(false);
  });

  it('sums a batch up in one sentence', () => {
    const ok = { ok: true as const, caseId: 'a', status: 'approved' as const, result: '決行', version: 1 };
    expect(batchSummary({ approved: 2, results: [ok, { ...ok, caseId: 'b' }] })).to.equal('已核准 2 件');
    expect(batchSummary({ approved: 1, results: [ok, { ok: false, caseId: 'c', code: 'CASE_CLOSED', detail: '此案件已結案' }] })).to.equal(
      '已核准 1 件，1 件未核准',
    );
  });
});

describe('代理人設定 logic', () => {
  it('reads a colleague by name, unit and title, and names the move buttons for screen readers', () => {
    expect(colleagueLabel({ personId: 'x', name: '林志明', unitName: '教務處', title: '教務主任' })).to.equal('林志明（教務處 教務主任）');
    expect(colleagueLabel({ personId: 'x', name: '林志明' })).to.equal('林志明');
    expect(moveLabel('up', '林志明')).to.equal('上移 林志明');
    expect(moveLabel('down', '王美玲')).to.equal('下移 王美玲');
  });
});
