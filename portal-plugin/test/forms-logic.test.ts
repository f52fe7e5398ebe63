import { expect } from 'chai';
import type { FormView } from '@webitr/contracts/views/leave';
import { FORM_STATUSES } from '@webitr/contracts/forms/leave';
import { actorName, formActions, hasApprovalCase, periodLabel, progressText, requestCaseId } from '../src/web/lib/forms.ts';
import { declineForm } from '../src/web/pages/deputy-cases/decline.ts';

const now = Date.parse('2026-11-20T00:00:00.000Z');
const future = '2026-11-26T00:00:00.000Z';
const past = '2026-11-19T00:00:00.000Z';

describe('申請案件: what a form allows', () => {
  it('offers 撤回 and 修改 exactly while the form is pending (待代理人同意, 申請中, 退回修改)', () => {
    const offered = FORM_STATUSES.filter((status) => formActions({ status, kind: 'leave', start: future }, now).withdraw);
    expect(offered).to.deep.equal(['waiting-for-deputy', 'in-approval', 'returned']);
    for (const status of FORM_STATUSES) {
      const a = formActions({ status, kind: 'leave', start: future }, now);
      expect(a.modify, status).to.equal(a.withdraw);
    }
  });

  it('offers 撤銷 only for an approved form not yet started, never for a forgotten punch', () => {
    expect(formActions({ status: 'approved', kind: 'leave', start: future }, now).cancel).to.equal(true);
    expect(formActions({ status: 'approved', kind: 'leave', start: past }, now).cancel).to.equal(false);
    expect(formActions({ status: 'approved', kind: 'forgotten-punch', start: future }, now).cancel).to.equal(false);
    expect(formActions({ status: 'cancel-requested', kind: 'leave', start: future }, now).cancel).to.equal(false);
    expect(formActions({ status: 'in-approval', kind: 'leave', start: future }, now).cancel).to.equal(false);
  });

  it('asks the approval service for a route only once the form has reached approval', () => {
    const deputy = (status: 'pending' | 'consented' | 'declined') => ({ personId: 'p', name: '林', status });
    expect(hasApprovalCase({ status: 'waiting-for-deputy', deputy: deputy('pending') })).to.equal(false);
    expect(hasApprovalCase({ status: 'in-approval', deputy: deputy('consented') })).to.equal(true);
    expect(hasApprovalCase({ status: 'returned', deputy: deputy('declined') })).to.equal(false);
    expect(hasApprovalCase({ status: 'returned', deputy: deputy('consented') })).to.equal(true);
    expect(hasApprovalCase({ status: 'withdrawn' })).to.equal(false);
    expect(hasApprovalCase({ status: 'approved' })).to.equal(true);
    expect(requestCaseId({ id: 'F9', submission: 2 })).to.equal('F9:request:2');
  });

  it('says where a form stands, naming the deputy it waits for or who declined', () => {
    const form = { statusLabel: '', deputy: { personId: 'p', name: '林志明', status: 'pending' as const } };
    expect(progressText({ ...form, status: 'waiting-for-deputy' })).to.equal('待職務代理人 林志明 同意');
    expect(progressText({ ...form, status: 'returned', deputy: { ...form.deputy, status: 'declined' } })).to.contain('林志明 不同意');
    expect(progressText({ ...form, status: 'in-approval' })).to.equal('批核中');
  });

  it('shows a period in Taipei’s ROC dates with weekdays, the end’s date only when it is another day', () => {
    expect(periodLabel('2026-11-26T00:00:00.000Z', '2026-11-26T09:00:00.000Z')).to.equal('115-11-26 (四) 08:00 ~ 17:00');
    expect(periodLabel('2026-11-26T05:00:00.000Z', '2026-11-27T04:00:00.000Z')).to.equal('115-11-26 (四) 13:00 ~ 115-11-27 (五) 12:00');
  });

  it('names who acted by the names the form knows', () => {
    const form = { applicant: { id: 'a', name: '陳怡君' }, deputy: { personId: 'd', name: '林志明', status: 'consented' } } as FormView;
    expect(actorName(form, 'a')).to.equal('陳怡君');
    expect(actorName(form, 'd')).to.equal('林志明');
    expect(actorName(form, 'x')).to.equal('x');
  });
});

describe('代理案件: 不同意 needs a reason', () => {
  it('refuses an empty reason in the field’s words and takes a given one', () => {
    const empty = declineForm.safeParse({ reason: '  ' });
    expect(empty.success).to.equal(false);
    expect(empty.error?.issues[0]?.message).to.equal('不同意事由不得空白');
    expect(declineForm.parse({ reason: '當天有課' })).to.deep.equal({ reason: '當天有課' });
  });
});
