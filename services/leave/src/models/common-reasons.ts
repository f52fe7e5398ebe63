import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * 差假事由 (seed 001, 11-3): an agency's common reasons, which the 差假申請
 * form offers as suggestions for 事由. One small document per agency, the
 * whole list replaced at once on the condition of its version.
 */
export interface CommonReasonsDoc {
  /** The agency. */
  _id: string;
  reasons: string[];
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

const commonReasonsSchema = new Schema<CommonReasonsDoc>(
  {
    _id: { type: String, required: true },
    reasons: { type: [String], default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'common_reasons', versionKey: false },
);
// Queries: by _id (the agency) only.

export const commonReasonsModel = (connection: Connection): Model<CommonReasonsDoc> =>
  (connection.models.CommonReasons as Model<CommonReasonsDoc> | undefined) ??
  connection.model<CommonReasonsDoc>('CommonReasons', commonReasonsSchema);
