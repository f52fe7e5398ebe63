import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { CardFileLayout } from '../domain/card-file.ts';

/**
 * How one agency's card machines write their files (卡檔格式): fixed-width
 * or CSV, where the card number, date, time, reader and optional in/out code
 * are. `_id` = `<agencyId>|<profileId>`.
 */
export interface CardFileProfileDoc {
  _id: string;
  agencyId: string;
  profileId: string;
  name: string;
  layout: CardFileLayout;
  updatedBy: string;
  updatedAt: Date;
}

const cardFileProfileSchema = new Schema<CardFileProfileDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    profileId: { type: String, required: true },
    name: { type: String, required: true },
    layout: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'card_file_profiles', versionKey: false, minimize: false },
);

cardFileProfileSchema.index({ agencyId: 1 });

export const cardFileProfileModel = (connection: Connection): Model<CardFileProfileDoc> =>
  (connection.models.CardFileProfile as Model<CardFileProfileDoc> | undefined) ??
  connection.model<CardFileProfileDoc>('CardFileProfile', cardFileProfileSchema);
