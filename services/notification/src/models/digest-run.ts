import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * A day whose digests are all stored (`_id` = the Taipei date): the job
 * looks no further that day. Without it (a crash mid-run, two instances at
 * once) the next run goes through everyone again and the notifications'
 * `_id` (`daily-digest:<date>:<person>`) keeps it to one digest a person a day.
 */
export interface DigestRun {
  _id: string;
  completedAt: Date;
  recipients: number;
}

const digestRunSchema = new Schema<DigestRun>(
  {
    _id: { type: String, required: true },
    completedAt: { type: Date, required: true },
    recipients: { type: Number, required: true },
  },
  { collection: 'notification_digest_runs', versionKey: false },
);

export function digestRunModel(connection: Connection): Model<DigestRun> {
  return connection.model<DigestRun>('NotificationDigestRun', digestRunSchema);
}
