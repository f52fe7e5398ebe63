import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { AttendanceResult } from '../domain/attendance.ts';
import type { PunchDoc } from './punch.ts';

/** An approved form covering (part of) a day, as the day's result needs it. */
export interface CoveringForm {
  kind: string;
  leaveType?: string;
  start: Date;
  end: Date;
}

/**
 * A person's day (出勤結果), computed from the raw punches, the approved
 * forms and the calendar; kept apart from the punches and recomputed
 * whenever one of them changes. `_id` = `<personId>|<date>`, the only key
 * every write and read uses (FerretDB serves a lone `_id` from its index).
 * `firstIn`/`lastOut` are merged with `$min`/`$max`, so merging the same
 * punches twice (a redelivery, a re-upload) changes nothing.
 */
export interface AttendanceDayDoc {
  _id: string;
  personId: string;
  agencyId: string;
  date: string;
  /** The earliest punch that may be a clock-in (上班, or a punch without code). */
  firstIn?: Date;
  /** The latest punch that may be a clock-out (下班, or a punch without code). */
  lastOut?: Date;
  /** Approved forms touching the day, by form id (a map, not an array: FerretDB cannot pull by condition). */
  forms: Record<string, CoveringForm>;
  unitId?: string;
  scheduleGroup?: string;
  result?: AttendanceResult;
  /** An anomaly managers review (遲到, 早退, 未刷上班卡, 未刷下班卡, 曠職). */
  anomaly: boolean;
  computedAt?: Date;
}

const attendanceDaySchema = new Schema<AttendanceDayDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    agencyId: { type: String, required: true },
    date: { type: String, required: true },
    firstIn: Date,
    lastOut: Date,
    forms: { type: Schema.Types.Mixed, default: {} },
    unitId: String,
    scheduleGroup: String,
    result: { type: Schema.Types.Mixed },
    anomaly: { type: Boolean, default: false },
    computedAt: Date,
  },
  { collection: 'attendance_days', versionKey: false, minimize: false },
);

// The anomalies of an agency over a period, of a person over a period.
attendanceDaySchema.index({ agencyId: 1, anomaly: 1, date: 1 });
attendanceDaySchema.index({ personId: 1, date: 1 });

export const dayId = (personId: string, date: string): string => `${personId}|${date}`;

export const attendanceDayModel = (connection: Connection): Model<AttendanceDayDoc> =>
  (connection.models.AttendanceDay as Model<AttendanceDayDoc> | undefined) ??
  connection.model<AttendanceDayDoc>('AttendanceDay', attendanceDaySchema);

/**
 * Days to merge punches into and compute again, written by an upload in one
 * insert per person (`_id` = `<uploadId>|<personId>`), by a device batch,
 * and by each web punch (`web|<punch id>`, the punch inside), and emptied by
 * the attendance job, so a million-line file is answered once its punches
 * are stored, a web punch once this one document is, and a crash leaves the
 * work where the job finds it.
 */
export interface PendingDaysDoc {
  _id: string;
  personId: string;
  agencyId: string;
  /** By date: the first possible clock-in and last possible clock-out (ISO). A map: FerretDB stores no nested arrays. */
  days: Record<string, { in?: string; out?: string }>;
  /** Raw punches the job stores before merging (a web punch): kept here, they are kept once answered. */
  punches?: PunchDoc[];
  createdAt: Date;
}

const pendingDaysSchema = new Schema<PendingDaysDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    agencyId: { type: String, required: true },
    days: { type: Schema.Types.Mixed, required: true },
    punches: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
  },
  { collection: 'attendance_pending', versionKey: false },
);

// A person's pending work, for their own week and last punch (MongoDB uses it; FerretDB scans what is pending).
pendingDaysSchema.index({ personId: 1 });

export const pendingDaysModel = (connection: Connection): Model<PendingDaysDoc> =>
  (connection.models.PendingDays as Model<PendingDaysDoc> | undefined) ??
  connection.model<PendingDaysDoc>('PendingDays', pendingDaysSchema);
