import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { CalendarEntryKind } from '@webitr/work-calendar';

/**
 * The calendar: national holidays and make-up workdays (agencyId `*`), an
 * agency's special days and closures (停止上班上課). `_id` =
 * `<agencyId>|<date>|<kind>`: one entry of a kind per day and agency.
 */
export interface CalendarEntryDoc {
  _id: string;
  agencyId: string;
  date: string;
  kind: CalendarEntryKind;
  name: string;
  from?: string;
  to?: string;
  createdBy: string;
  createdAt: Date;
}

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
  },
  { collection: 'calendar_entries', versionKey: false },
);

// The entries of an agency (and `*`) over a request's dates: { agencyId: { $in }, date: { $gte, $lte } }.
calendarEntrySchema.index({ agencyId: 1, date: 1 });

export const calendarEntryModel = (connection: Connection): Model<CalendarEntryDoc> =>
  (connection.models.CalendarEntry as Model<CalendarEntryDoc> | undefined) ?? connection.model<CalendarEntryDoc>('CalendarEntry', calendarEntrySchema);
