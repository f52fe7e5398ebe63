import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { FormKind } from '@webitr/contracts';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { IsoDate } from '@webitr/work-calendar';
import type { FormStatus } from '../domain/form.ts';
import type { BalanceCharge } from '../domain/leave-request.ts';

/**
 * A form (差假, 加班, 補休, 忘刷卡): one document, changed only by single-document
 * updates conditional on its `version`, with the events of each change in its
 * outbox. `charges` say which balances hold its time.
 */
export interface DeputyRef {
  personId: string;
  name: string;
  status: 'pending' | 'consented' | 'declined';
  at?: Date;
  /** The deputy who handed the duty on (代理移轉), who takes it back if the new one declines. */
  transferredFrom?: { personId: string; name: string };
}

export interface HistoryEntry {
  at: Date;
  action: string;
  actorId: string;
  note?: string;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface FormDoc extends OutboxFields {
  _id: string;
  kind: FormKind;
  applicantId: string;
  applicantName: string;
  agencyId: string;
  unitId?: string;
  unitName?: string;
  /** Someone who filed for the applicant (多人/代為申請). */
  filedBy?: string;
  status: FormStatus;
  submission: number;
  ruleSet?: string;
  ruleSetVersion?: string;
  policyVersion?: number;
  leaveType?: string;
  leaveTypeName?: string;
  start: Date;
  end: Date;
  /** Working minutes (calendar-day types: 480 per day; overtime: clock minutes). */
  minutes: number;
  duration: string;
  days: { date: IsoDate; minutes: number }[];
  charges: BalanceCharge[];
  deputy?: DeputyRef;
  location?: string;
  reason: string;
  remarks: string[];
  attachments: AttachmentRef[];
  eventDate?: IsoDate;
  relationship?: string;
  gestationWeeks?: number;
  overtime?: { compensation: 'comp-time' | 'pay' };
  punch?: { date: IsoDate; direction: 'in' | 'out'; time: string };
  decision?: { by: string; at: Date; comment?: string; reason?: string };
  cancel?: { reason: string; requestedAt: Date; decidedAt?: Date; outcome?: 'cancelled' | 'rejected' };
  history: HistoryEntry[];
  /** Everyone on the form's approval routes (approval.case.opened): they, and their stand-ins, may read it. */
  routePersonIds?: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const formSchema = new Schema<FormDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    applicantId: { type: String, required: true },
    applicantName: { type: String, required: true },
    agencyId: { type: String, required: true },
    unitId: String,
    unitName: String,
    filedBy: String,
    status: { type: String, required: true },
    submission: { type: Number, required: true },
    ruleSet: String,
    ruleSetVersion: String,
    policyVersion: Number,
    leaveType: String,
    leaveTypeName: String,
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    minutes: { type: Number, required: true },
    duration: { type: String, required: true },
    days: { type: Schema.Types.Mixed, default: [] },
    charges: { type: Schema.Types.Mixed, default: [] },
    deputy: { type: Schema.Types.Mixed },
    location: String,
    reason: { type: String, required: true },
    remarks: { type: [String], default: [] },
    attachments: { type: Schema.Types.Mixed, default: [] },
    eventDate: String,
    relationship: String,
    gestationWeeks: Number,
    overtime: { type: Schema.Types.Mixed },
    punch: { type: Schema.Types.Mixed },
    decision: { type: Schema.Types.Mixed },
    cancel: { type: Schema.Types.Mixed },
    history: { type: Schema.Types.Mixed, default: [] },
    routePersonIds: { type: [String], default: undefined },
    version: { type: Number, required: true, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'forms', versionKey: false, minimize: false },
);

// Overlap checks (own forms and a deputy's), my forms (申請案件), monthly caps:
// { applicantId, status: { $in }, start: { $lt: end } } sorted by start.
formSchema.index({ applicantId: 1, status: 1, start: 1 });
// My deputy requests (代理案件): { 'deputy.personId', status }.
formSchema.index({ 'deputy.personId': 1, status: 1 });
// Attendance managers' views per agency and unit over a period: { agencyId, unitId?, start range }.
formSchema.index({ agencyId: 1, unitId: 1, start: 1 });
// Reconciliation: live forms changed in the last days, { updatedAt: { $gte, $lt }, status: { $in } }.
formSchema.index({ updatedAt: 1 });

export const formModel = (connection: Connection): Model<FormDoc> =>
  (connection.models.Form as Model<FormDoc> | undefined) ?? connection.model<FormDoc>('Form', formSchema);
