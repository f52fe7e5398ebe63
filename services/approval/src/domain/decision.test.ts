import { expect } from 'chai';
import { ConflictError, ForbiddenError, InputError } from '@webitr/platform';
import { authorityFor, decide } from './decision.ts';
import type { CaseView } from './decision.ts';
import type { RouteStep } from './route.ts';

const route: RouteStep[] = [
  { label: '單位主管', approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, approverIds: ['R1'], final: false },
  { label: '人事', approver: { kind: 'role', role: 'attendance-manager' }, countersign: true, approverIds: ['H1', 'H2'], final: false },
  { label: '校長', approver: { kind: 'agency-head' }, countersign: false, approverIds: ['P0'], final: true },
];
const at = (currentStep: number, status: CaseView['status'] = 'in-approval'): CaseView => ({
  applicantId: 'T1',
  status,
  currentStep,
  route,
});
const none = new Map<string, string>();

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected an error');
};

describe('deciding a step', () => {
  it('moves an approval to the next step and its approvers', () => {
    expect(decide(at(0), 'approve', undefined)).to.deep.equal({
      status: 'in-approval',
      currentStep: 1,
      currentApproverIds: ['H1', 'H2'],
      result: '同意',
    });
  });

  it('records a countersign as 會畢 and the last approval as 決行', () => {
    expect(decide(at(1), 'approve', undefined).result).to.equal('會畢');
    expect(decide(at(2), 'approve', undefined)).to.include({ status: 'approved', result: '決行', decision: 'approved' });
  });

  it('rejects and returns only with a reason', () => {
    expect(thrown(() => decide(at(0), 'reject', ' '))).to.be.instanceOf(InputError);
    expect(decide(at(0), 'reject', '人力不足')).to.include({ status: 'rejected', decision: 'rejected', result: '不同意' });
    expect(decide(at(1), 'return', '請補附件')).to.include({ status: 'returned', decision: 'returned', result: '退回' });
  });

  it('keeps the step on a comment', () => {
    expect(decide(at(1), 'comment', undefined)).to.deep.equal({
      status: 'in-approval',
      currentStep: 1,
      currentApproverIds: ['H1', 'H2'],
      result: '意見',
    });
  });
});

describe('who may act', () => {
  it('lets an approver of the current step act', () => {
    expect(authorityFor(at(1), { personId: 'H2', delegations: none })).to.deep.equal({});
  });

  it('refuses the applicant on their own form', () => {
    const view = { ...at(0), route: [{ ...route[0]!, approverIds: ['T1'] }] };
    expect(thrown(() => authorityFor(view, { personId: 'T1', delegations: none })))
      .to.be.instanceOf(ForbiddenError)
      .and.include({ code: 'OWN_FORM' });
  });

  it('refuses someone whose step it is not, and an approver of a later step', () => {
    expect(thrown(() => authorityFor(at(0), { personId: 'X', delegations: none }))).to.include({ code: 'NOT_YOUR_STEP' });
    expect(thrown(() => authorityFor(at(0), { personId: 'P0', delegations: none }))).to.include({ code: 'NOT_YOUR_STEP' });
  });

  it("lets the deputy of an approver on leave act on their behalf, and no one else's deputy", () => {
    expect(authorityFor(at(0), { personId: 'D9', delegations: new Map([['R1', 'D9']]) })).to.deep.equal({ onBehalfOf: 'R1' });
    expect(thrown(() => authorityFor(at(0), { personId: 'D9', delegations: new Map([['P0', 'D9']]) }))).to.include({
      code: 'NOT_YOUR_STEP',
    });
  });

  it('refuses any action on a closed case', () => {
    expect(thrown(() => authorityFor(at(2, 'approved'), { personId: 'P0', delegations: none })))
      .to.be.instanceOf(ConflictError)
      .and.include({ code: 'CASE_CLOSED' });
  });
});
