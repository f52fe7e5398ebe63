import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * The latest round (送出次數) of one form's request that the approval service
 * has heard of, from its request or from `leave.request.modified`. A request
 * for an earlier round that arrives later (redelivered, or overtaken by a
 * modification whose new round is still with the deputy) opens nothing.
 * `_id` is the form id: only requests have rounds (a cancellation keeps the
 * form's submission).
 */
export interface FormRound {
  _id: string;
  latest: number;
}

const formRoundSchema = new Schema<FormRound>(
  {
    _id: { type: String, required: true },
    latest: { type: Number, required: true },
  },
  { collection: 'approval_form_rounds', versionKey: false },
);

export function formRoundModel(connection: Connection): Model<FormRound> {
  return connection.model<FormRound>('FormRound', formRoundSchema);
}
