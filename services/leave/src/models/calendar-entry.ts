import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { CalendarEntryKind } from '@webitr/work-calendar';

/**
 * The calendar: national holidays and make-up workdays (agencyId `*`), an
 * agency's special days and closures (停止上班上課). `_id` =
 * `<agencyId>|<date>|<kind>`: one entry of a kind per day and agency.
 *
 * Each change carries its `leave.calendar.changed` event in its own outbox
 * (the same write), so a removed entry is kept as a tombstone (`removedAt`)
 * until then and after: a deleted document could not carry the event. Every
 * read of the calendar takes live entries only (`LIVE`); adding the entry
 * again revives the tombstone.
 */
export interface CalendarEntryDoc extends OutboxFields {
  _id: string;
  agencyId: string;
  date: string;
  kind: CalendarEntryKind;
  name: string;
  from?: string;
  to?: string;
  createdBy: string;
  createdAt: Date;
  removedAt?: Date;
  removedBy?: string;
}

/** The filter of entries in force (not removed). */
export const LIVE = { removedAt: { $exists: false } } as const;

const calendarEntrySchema = new Schema<CalendarEntryDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    date: { type: String, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    from: String,
    to: String,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    removedAt: Date,
    removedBy: String,
    ...outboxSchemaFields,
  },
  { collection: 'calendar_entries', versionKey: false },
);

// The entries of an agency (and `*`) over a request's dates: { agencyId: { $in }, date: { $gte, $lte } }.
calendarEntrySchema.index({ agencyId: 1, date: 1 });

export const calendarEntryModel = (connection: Connection): Model<CalendarEntryDoc> =>
  (connection.models.CalendarEntry as Model<CalendarEntryDoc> | undefined) ??
  connection.model<CalendarEntryDoc>('CalendarEntry', calendarEntrySchema);

/**
 * One year of the national office calendar as imported (shipped with the
 * system or uploaded by a system administrator): where it came from, and the
 * dates whose forms are still to be recalculated (`pendingDates`, emptied once
 * every form covering them has been measured again; reconciliation finishes
 * what a crash left). `_id` = the western year.
 */
export interface NationalYearDoc {
  _id: string;
  year: number;
  origin: 'shipped' | 'upload';
  source: string;
  published?: string;
  /** sha-256 of the entries, to tell a changed shipped file from the one already imported. */
  checksum: string;
  holidays: number;
  makeupWorkdays: number;
  pendingDates: string[];
  importedBy: string;
  importedAt: Date;
}

const nationalYearSchema = new Schema<NationalYearDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    origin: { type: String, required: true },
    source: { type: String, required: true },
    published: String,
    checksum: { type: String, required: true },
    holidays: { type: Number, required: true },
    makeupWorkdays: { type: Number, required: true },
    pendingDates: { type: [String], default: [] },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { collection: 'national_calendar_years', versionKey: false },
);

export const nationalYearModel = (connection: Connection): Model<NationalYearDoc> =>
  (connection.models.NationalYear as Model<NationalYearDoc> | undefined) ??
  connection.model<NationalYearDoc>('NationalYear', nationalYearSchema);

/**
 * An agency's calendar changes (special days, closures) whose forms are still
 * to be recalculated: the dates, each with the reason its ledger lines give,
 * recorded before the change is written and cleared once every form covering
 * them has been measured again; reconciliation finishes what a crash or a
 * failure left. `_id` = the agency (national changes are kept per year in
 * `national_calendar_years`).
 */
export interface CalendarPendingDoc {
  _id: string;
  pendingDates: string[];
  /** date → the reason (`登錄颱風停止上班`). */
  reasons: Record<string, string>;
}

const calendarPendingSchema = new Schema<CalendarPendingDoc>(
  {
    _id: { type: String, required: true },
    pendingDates: { type: [String], default: [] },
    reasons: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'calendar_pending', versionKey: false, minimize: false },
);

export const calendarPendingModel = (connection: Connection): Model<CalendarPendingDoc> =>
  (connection.models.CalendarPending as Model<CalendarPendingDoc> | undefined) ??
  connection.model<CalendarPendingDoc>('CalendarPending', calendarPendingSchema);
