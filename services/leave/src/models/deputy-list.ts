import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/** A person's ordered deputy list (代理人設定); `_id` is the person. Changed by version-checked updates. */
export interface DeputyListDoc {
  _id: string;
  agencyId: string;
  deputies: { personId: string; name: string; unitName?: string }[];
  version: number;
  updatedAt: Date;
}

const deputyListSchema = new Schema<DeputyListDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    deputies: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'deputy_lists', versionKey: false, minimize: false },
);
// Queries: by _id only.

export const deputyListModel = (connection: Connection): Model<DeputyListDoc> =>
  (connection.models.DeputyList as Model<DeputyListDoc> | undefined) ?? connection.model<DeputyListDoc>('DeputyList', deputyListSchema);
