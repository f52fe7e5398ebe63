import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

export type LineRefusal = 'malformed' | 'unknown-card' | 'date-out-of-range';

/**
 * One card-file upload (卡檔上傳) and its report: how many lines, how many
 * punches stored, how many were already there (a re-upload), and the lines
 * refused by reason. The refused lines themselves are in `upload_lines`
 * (a million-line file may refuse many more than a document holds).
 */
export interface UploadDoc {
  _id: string;
  agencyId: string;
  profileId: string;
  filename: string;
  encoding: string;
  uploadedBy: string;
  startedAt: Date;
  finishedAt?: Date;
  status: 'running' | 'done' | 'failed';
  lines: number;
  stored: number;
  duplicates: number;
  refused: Record<LineRefusal, number>;
}

const uploadSchema = new Schema<UploadDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    profileId: { type: String, required: true },
    filename: { type: String, required: true },
    encoding: { type: String, required: true },
    uploadedBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    status: { type: String, required: true },
    lines: { type: Number, required: true },
    stored: { type: Number, required: true },
    duplicates: { type: Number, required: true },
    refused: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'uploads', versionKey: false, minimize: false },
);

uploadSchema.index({ agencyId: 1, startedAt: -1 });

/** A refused line of an upload: `_id` = `<uploadId>|<line number, zero-padded>` so they read back in order. */
export interface UploadLineDoc {
  _id: string;
  uploadId: string;
  line: number;
  reason: LineRefusal;
  /** Why, in words (zh-TW), e.g. 日期格式錯誤. */
  detail: string;
  /** The line as read, cut at 200 characters. */
  text: string;
}

const uploadLineSchema = new Schema<UploadLineDoc>(
  {
    _id: { type: String, required: true },
    uploadId: { type: String, required: true },
    line: { type: Number, required: true },
    reason: { type: String, required: true },
    detail: { type: String, required: true },
    text: { type: String, required: true },
  },
  { collection: 'upload_lines', versionKey: false },
);

uploadLineSchema.index({ uploadId: 1, line: 1 });

export const uploadLineId = (uploadId: string, line: number): string => `${uploadId}|${String(line).padStart(9, '0')}`;

export const uploadModel = (connection: Connection): Model<UploadDoc> =>
  (connection.models.Upload as Model<UploadDoc> | undefined) ?? connection.model<UploadDoc>('Upload', uploadSchema);

export const uploadLineModel = (connection: Connection): Model<UploadLineDoc> =>
  (connection.models.UploadLine as Model<UploadLineDoc> | undefined) ?? connection.model<UploadLineDoc>('UploadLine', uploadLineSchema);
