import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

import type { PunchKind } from '../domain/punch-kinds.ts';

/** Where a punch came from: a card file, the web page, a device pushing, an approved forgotten-punch form. */
export type PunchChannel = 'file' | 'web' | 'device' | 'forgotten-punch';

/**
 * A raw punch (刷卡資料), as it arrived; never modified (corrections are
 * approved forgotten-punch forms, which add their own). `_id` =
 * `<personId>|<instant ISO>|<source>` is the unique key, so the same punch
 * uploaded again, or in an overlapping file, is no new document: the source
 * is the machine that recorded it (`reader:<id>`, also for a device pushing
 * what a file later brings), `web`, or `form:<formId>`. A lone `_id` is
 * also the only filter FerretDB serves from an index.
 */
export interface PunchDoc {
  _id: string;
  personId: string;
  agencyId: string;
  at: Date;
  /** The Taipei date of `at` (YYYY-MM-DD). */
  date: string;
  kind?: PunchKind;
  channel: PunchChannel;
  source: string;
  readerId?: string;
  cardNumber?: string;
  /** The upload (卡檔上傳) that first brought it. */
  uploadId?: string;
  /** The device (刷卡機) that pushed it. */
  deviceId?: string;
  recordedAt: Date;
}

const punchSchema = new Schema<PunchDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    agencyId: { type: String, required: true },
    at: { type: Date, required: true },
    date: { type: String, required: true },
    kind: String,
    channel: { type: String, required: true },
    source: { type: String, required: true },
    readerId: String,
    cardNumber: String,
    uploadId: String,
    deviceId: String,
    recordedAt: { type: Date, required: true },
  },
  { collection: 'punches', versionKey: false },
);

// A person's punches over dates (MongoDB uses it; FerretDB scans).
punchSchema.index({ personId: 1, date: 1 });

export const punchId = (personId: string, at: Date, source: string): string => `${personId}|${at.toISOString()}|${source}`;

export const punchModel = (connection: Connection): Model<PunchDoc> =>
  (connection.models.Punch as Model<PunchDoc> | undefined) ?? connection.model<PunchDoc>('Punch', punchSchema);
