import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { FormDetails, FormKind } from '@webitr/contracts';
import type { CaseStatus } from '../domain/decision.ts';
import type { RouteStep } from '../domain/route.ts';

/**
 * One round of approval of one form (批核案件): the route as resolved when the
 * form came in (a snapshot: later flow changes do not touch it), where it
 * stands, and its full history. `_id` is `<formId>:<subject>:<submission>`, so
 * a redelivered request opens the case once.
 */
export interface HistoryEntry {
  at: Date;
  step: number;
  stepLabel: string;
  actorId: string;
  /** 代理批核: the approver on leave the actor acted for. */
  onBehalfOf?: string;
  action:
    | 'approve'
    | 'reject'
    | 'return'
    | 'comment'
    | 'opened'
    | 'deputy-consented'
    | 'deputy-transferred'
    | 'deputy-declined'
    | 'withdrawn'
    | 'superseded'
    /** The leave service measured the form again after a calendar change (record-recalculation). */
    | 'recalculated';
  /** As the screen shows it: 同意, 會畢, 決行, 不同意, 退回, 意見. */
  result: string;
  comment?: string;
  zone?: string;
}

export interface ApprovalCase extends OutboxFields {
  _id: string;
  formId: string;
  kind: FormKind;
  subject: 'request' | 'cancellation';
  submission: number;
  applicantId: string;
  agencyId: string;
  leaveType?: string;
  start?: Date;
  end?: Date;
  minutes?: number;
  /** What the approvers read, as the leave service sent it with the form (absent for forms sent before issue 12). */
  details?: FormDetails;
  /** The form's deputy: who stands in for the applicant while this leave is on (代理批核). */
  deputyId?: string;
  /** 代理移轉 under way: the deputy takes over once this person consents; until then `deputyId` stands in. */
  pendingDeputyId?: string;
  /** The form's version at the last deputy change applied here (so an older one, delivered late, is not applied). */
  deputyVersion?: number;
  /** The form's version at the last recalculation applied here (an older one, delivered late, is not applied). */
  recalculationVersion?: number;
  /** The id of the leave service's event that asked for this case (a redelivery of it opens nothing). */
  requestEventId?: string;
  flowId?: string;
  route: RouteStep[];
  currentStep: number;
  currentApproverIds: string[];
  /** When the current step started waiting (for reminders). */
  stepSince: Date;
  /** The step a reminder was last sent for: one reminder per step. */
  remindedStep?: number;
  status: CaseStatus;
  /** The leave this case approved was cancelled later (so its applicant is not on leave). */
  cancelled?: boolean;
  history: HistoryEntry[];
  version: number;
  openedAt: Date;
  decidedAt?: Date;
}

const historySchema = new Schema<HistoryEntry>(
  {
    at: { type: Date, required: true },
    step: { type: Number, required: true },
    stepLabel: { type: String, required: true },
    actorId: { type: String, required: true },
    onBehalfOf: String,
    action: { type: String, required: true },
    result: { type: String, required: true },
    comment: String,
    zone: String,
  },
  { _id: false },
);

const caseSchema = new Schema<ApprovalCase>(
  {
    _id: { type: String, required: true },
    formId: { type: String, required: true },
    kind: { type: String, required: true },
    subject: { type: String, required: true },
    submission: { type: Number, required: true },
    applicantId: { type: String, required: true },
    agencyId: { type: String, required: true },
    leaveType: String,
    start: Date,
    end: Date,
    minutes: Number,
    details: { type: Schema.Types.Mixed },
    deputyId: String,
    pendingDeputyId: String,
    deputyVersion: Number,
    recalculationVersion: Number,
    requestEventId: String,
    flowId: String,
    route: { type: Schema.Types.Mixed, required: true },
    currentStep: { type: Number, required: true },
    currentApproverIds: { type: [String], default: [] },
    stepSince: { type: Date, required: true },
    remindedStep: Number,
    status: { type: String, required: true },
    cancelled: Boolean,
    history: { type: [historySchema], default: [] },
    version: { type: Number, required: true, default: 0 },
    openedAt: { type: Date, required: true },
    decidedAt: Date,
    ...outboxSchemaFields,
  },
  { collection: 'approval_cases', versionKey: false, minimize: false },
)
  // 批核案件: the forms waiting for me (and for those I stand in for).
  .index({ currentApproverIds: 1, status: 1, openedAt: -1 })
  // Is an approver on approved leave now, and who is their deputy? Also: whom do I stand in for?
  .index({ applicantId: 1, status: 1, start: 1 })
  .index({ deputyId: 1, status: 1, start: 1 })
  // Steps waiting too long, for reminders.
  .index({ status: 1, stepSince: 1 })
  // 批核紀錄: the cases someone decided.
  .index({ 'history.actorId': 1 })
  // The cases of one form, to supersede or withdraw them.
  .index({ formId: 1 });

export function approvalCaseModel(connection: Connection): Model<ApprovalCase> {
  return connection.model<ApprovalCase>('ApprovalCase', caseSchema);
}
