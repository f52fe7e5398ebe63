import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * What this service knows of a leave-service form, from its events: the
 * period (from `leave.request.approval-requested`) and whether it waits for
 * approval, is approved, cancelled, or closed without approval (a 忘刷卡
 * waiting for approval shows on 刷卡資料 as 申請中). `lastEventId` makes a handler's write conditional on the event.
 */
export interface FormDoc {
  _id: string;
  personId: string;
  agencyId: string;
  kind: string;
  leaveType?: string;
  punchDirection?: 'in' | 'out';
  start?: Date;
  end?: Date;
  /** `closed`: withdrawn, rejected or returned (a returned form modified and sent again is `requested` anew). */
  status: 'requested' | 'approved' | 'cancelled' | 'closed';
  lastEventId?: string;
}

const formSchema = new Schema<FormDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    agencyId: { type: String, required: true },
    kind: { type: String, required: true },
    leaveType: String,
    punchDirection: String,
    start: Date,
    end: Date,
    status: { type: String, required: true },
    lastEventId: String,
  },
  { collection: 'forms', versionKey: false },
);

export const formModel = (connection: Connection): Model<FormDoc> =>
  (connection.models.Form as Model<FormDoc> | undefined) ?? connection.model<FormDoc>('Form', formSchema);
