import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Category } from '../domain/categories.ts';

/** One person's choice of what comes by e-mail (`_id` = person id); no document = every category. In-app is always on. */
export interface Preferences {
  _id: string;
  /** Categories the person does not want by e-mail. */
  emailOff: Category[];
  updatedAt: Date;
}

const preferencesSchema = new Schema<Preferences>(
  {
    _id: { type: String, required: true },
    emailOff: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notification_preferences', versionKey: false },
);

export function preferencesModel(connection: Connection): Model<Preferences> {
  return connection.model<Preferences>('NotificationPreferences', preferencesSchema);
}
