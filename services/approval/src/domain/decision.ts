import { ConflictError, ForbiddenError, InputError } from '@webitr/platform';
import type { RouteStep } from './route.ts';

/**
 * Deciding a step of a form's route. Pure: the use case loads the case, asks
 * this what happens, and writes the result with a version check so that two
 * approvers clicking at once decide the step once.
 */
export type CaseStatus = 'in-approval' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'superseded';
export type Action = 'approve' | 'reject' | 'return' | 'comment';

/** What the history shows for each action; a countersign step's approval reads 「會畢」. */
export function resultLabel(action: Action, step: RouteStep): string {
  switch (action) {
    case 'approve':
      return step.countersign ? '會畢' : step.final ? '決行' : '同意';
    case 'reject':
      return '不同意';
    case 'return':
      return '退回';
    case 'comment':
      return '意見';
  }
}

export interface CaseView {
  applicantId: string;
  status: CaseStatus;
  currentStep: number;
  route: readonly RouteStep[];
}

export interface Actor {
  personId: string;
  /** Approvers on approved leave right now, with the deputy who acts for them (代理批核). */
  delegations: ReadonlyMap<string, string>;
}

/**
 * May this person act on the current step, and for whom? Their own step, or
 * the step of an approver who is on leave and named them as deputy.
 */
export function authorityFor(view: CaseView, actor: Actor): { onBehalfOf?: string } {
  if (view.applicantId === actor.personId) throw new ForbiddenError({ code: 'OWN_FORM', detail: '不可批核自己的申請案件' });
  if (view.status !== 'in-approval') throw new ConflictError({ code: 'CASE_CLOSED', detail: '此案件已結案，無法再批核' });
  const step = view.route[view.currentStep];
  if (!step) throw new ConflictError({ code: 'CASE_CLOSED', detail: '此案件已無待批核步驟' });
  if (step.approverIds.includes(actor.personId)) return {};
  const delegator = step.approverIds.find((id) => actor.delegations.get(id) === actor.personId);
  if (delegator) return { onBehalfOf: delegator };
  throw new ForbiddenError({ code: 'NOT_YOUR_STEP', detail: '此步驟不是由您批核' });
}

export interface Outcome {
  status: CaseStatus;
  currentStep: number;
  /** Who decides next (empty once closed): indexed for the approver's inbox. */
  currentApproverIds: string[];
  result: string;
  /** Set when the form's fate is decided: the event the leave service waits for. */
  decision?: 'approved' | 'rejected' | 'returned';
}

export function decide(view: CaseView, action: Action, reason: string | undefined): Outcome {
  const step = view.route[view.currentStep]!;
  const result = resultLabel(action, step);
  if ((action === 'reject' || action === 'return') && !reason?.trim()) {
    throw new InputError({
      code: 'REASON_REQUIRED',
      detail: action === 'reject' ? '不同意時須填寫理由' : '退回時須填寫理由',
      fields: [{ field: 'body.comment', label: '批核意見', code: 'required', message: '此欄位為必填' }],
    });
  }
  const approvers = step.approverIds;
  switch (action) {
    case 'comment':
      return { status: view.status, currentStep: view.currentStep, currentApproverIds: [...approvers], result };
    case 'reject':
      return { status: 'rejected', currentStep: view.currentStep, currentApproverIds: [], result, decision: 'rejected' };
    case 'return':
      return { status: 'returned', currentStep: view.currentStep, currentApproverIds: [], result, decision: 'returned' };
    case 'approve': {
      if (step.final) return { status: 'approved', currentStep: view.currentStep, currentApproverIds: [], result, decision: 'approved' };
      const next = view.currentStep + 1;
      return { status: 'in-approval', currentStep: next, currentApproverIds: [...view.route[next]!.approverIds], result };
    }
  }
}
