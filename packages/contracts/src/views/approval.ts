import type { FormDetails, FormKind } from '../events/leave.ts';
import type { CaseSubject, CategoryGroup, FlowGroup, Step } from '../forms/approval.ts';

/**
 * What the approval service's app operations answer, as JSON on the wire
 * (instants as ISO strings). The service's use cases declare these types, so a
 * change that would break the web app fails typecheck. Types only.
 */

type Instant = string;

/** A case's state: in approval, decided (approved, rejected, returned), or ended by the applicant or a new round. */
export type CaseStatus = 'in-approval' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'superseded';

/**
 * The form a case is about, as its approvers read it before deciding: who, what,
 * when (ROC text and ISO), how long, 事由, 地點, the deputy and their consent,
 * and the applicant's balance after this form as it was when it was sent. No national ID.
 */
export interface CaseFormView {
  id: string;
  kind: FormKind;
  applicant: { id: string; name?: string; unitName?: string };
  leaveType?: string;
  /** 假別 (事假) or the kind (加班, 忘刷卡). */
  title?: string;
  period: { start?: Instant; end?: Instant; text?: string };
  minutes: number;
  days: number;
  hours: number;
  duration?: string;
  reason?: string;
  location?: string;
  deputy?: { personId: string; name?: string; consent: 'consented' };
  /** 代理移轉 under way: the one the duty was handed to, not yet consenting. */
  pendingDeputy?: { personId: string; name?: string; consent: 'pending' };
  balance?: FormDetails['balance'];
}

/** One case waiting for me (or for someone on leave I stand in for: `onBehalfOf`). */
export interface InboxItemView {
  caseId: string;
  formId: string;
  kind: FormKind;
  subject: CaseSubject;
  applicantId: string;
  leaveType?: string;
  start?: Instant;
  end?: Instant;
  minutes?: number;
  form: CaseFormView;
  /** The step's label (課長, 校長 …). */
  step: string;
  countersign: boolean;
  final: boolean;
  /** Send it back with a decision (decideStep's `version`). */
  version: number;
  openedAt: Instant;
  onBehalfOf?: string;
}

/** listInbox (批核案件); `total` is the home page's count. */
export interface InboxView {
  total: number;
  items: InboxItemView[];
  /** Names of the people I stand in for (`onBehalfOf`), by id. */
  names?: Record<string, string>;
}

export interface CaseHistoryView {
  at: Instant;
  step: number;
  stepLabel: string;
  actorId: string;
  /** 代理批核: the approver on leave the actor acted for. */
  onBehalfOf?: string;
  action: string;
  /** As the screen shows it: 同意, 會畢, 決行, 不同意, 退回, 意見. */
  result: string;
  comment?: string;
  zone?: string;
}

/** getCase: a case with its form, route and full history. */
export interface CaseView {
  caseId: string;
  formId: string;
  kind: FormKind;
  subject: CaseSubject;
  submission: number;
  applicantId: string;
  form: CaseFormView;
  status: CaseStatus;
  currentStep: number;
  version: number;
  route: { label: string; approverIds: string[]; countersign: boolean; final: boolean; current: boolean }[];
  history: CaseHistoryView[];
  /** Names of the people on the route and in the history, by id (those the directory could not name are left out: show the id). */
  names?: Record<string, string>;
}

/** decideStep: the case after the decision (`result`: 同意, 會畢, 決行, 不同意, 退回, 意見). */
export interface DecisionResultView {
  caseId: string;
  status: CaseStatus;
  result: string;
  version: number;
}

/** batchApprove (批次核准): each case succeeds or fails on its own. */
export interface BatchApproveView {
  approved: number;
  results: ((DecisionResultView & { ok: true }) | { ok: false; caseId: string; code: string; detail: string })[];
}

/** One case I decided (or commented on), with my own entries in its history. */
export interface MyDecisionView {
  caseId: string;
  formId: string;
  kind: FormKind;
  subject: CaseSubject;
  form: CaseFormView;
  /** Where the case stands now. */
  status: CaseStatus;
  /** What I did on it, oldest first; `onBehalfOf`: the approver on leave I stood in for (代理批核). */
  decisions: CaseHistoryView[];
}

/** listMyDecisions (批核紀錄): newest decision first; `names` names the people I acted for. */
export interface MyDecisionsView {
  total: number;
  items: MyDecisionView[];
  names: Record<string, string>;
}

/** One flow as listFlows answers it: its steps as configured, and the version an edit sends back. */
export interface FlowView {
  id: string;
  agencyId: string;
  name: string;
  flowGroupId: string;
  categoryGroupId: string;
  steps: Step[];
  version: number;
  updatedBy?: string;
  updatedAt?: Instant;
}

/** listFlows (批核流程查詢, 13-1): the agency's flows, flow groups (流程群組) and category groups (差假類別群組). */
export interface FlowsView {
  flows: FlowView[];
  flowGroups: FlowGroup[];
  categoryGroups: CategoryGroup[];
  /** Names of the people the flow groups and steps name, by id (those the directory could not name are left out: show the id). */
  names: Record<string, string>;
}

/** Someone a configuration change leaves without a route before and after (their forms are returned with `reason`). */
export interface UnroutableView {
  personId: string;
  personName?: string;
  flowId?: string;
  step: string;
  stepIndex?: number;
  reason: string;
  /** The form the check asked about: its kind, leave type and length. */
  form: { kind: FormKind; leaveType?: string; minutes: number };
  routedBefore: boolean;
}

/** createFlow / updateFlow / copyFlow: the flow saved, and who still has no route. */
export interface SavedFlowView {
  id: string;
  version: number;
  unroutable: UnroutableView[];
}
