import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { CalendarEntryKind } from '@webitr/work-calendar';

/**
 * What an agency's calendar holds on a date (`agencyId` `*`: national), as
 * the leave service's `leave.calendar.changed` said last; the shipped
 * national calendar (@webitr/work-calendar) is read in memory besides.
 * `_id` = `<agencyId>|<date>`.
 */
export interface CalendarDayDoc {
  _id: string;
  agencyId: string;
  date: string;
  entries: { kind: CalendarEntryKind; name: string; from?: string; to?: string }[];
  lastEventId: string;
}

const calendarDaySchema = new Schema<CalendarDayDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    date: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, required: true },
    lastEventId: { type: String, required: true },
  },
  { collection: 'calendar_days', versionKey: false },
);

export const calendarDayModel = (connection: Connection): Model<CalendarDayDoc> =>
  (connection.models.CalendarDay as Model<CalendarDayDoc> | undefined) ??
  connection.model<CalendarDayDoc>('CalendarDay', calendarDaySchema);
