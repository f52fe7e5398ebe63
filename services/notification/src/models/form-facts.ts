import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { FormKind } from '@webitr/contracts';

/**
 * What a notification says of a form (`_id` = form id), remembered from the
 * leave service's `submitted` and `approval-requested` events: the later ones
 * (approved, rejected …) carry ids only. Never the leave type or reason: the
 * mail names the kind and the period, the rest is behind the sign-in.
 */
export interface FormFacts {
  _id: string;
  kind: FormKind;
  applicantId: string;
  start?: Date;
  end?: Date;
}

const formFactsSchema = new Schema<FormFacts>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    applicantId: { type: String, required: true },
    start: Date,
    end: Date,
  },
  { collection: 'notification_forms', versionKey: false },
);

export function formFactsModel(connection: Connection): Model<FormFacts> {
  return connection.model<FormFacts>('NotificationFormFacts', formFactsSchema);
}
