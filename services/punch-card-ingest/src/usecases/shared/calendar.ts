import { shippedNationalCalendars } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';

let national: Map<string, CalendarEntry[]> | undefined;

/** The shipped national office calendar (政府行政機關辦公日曆表), by date; parsed once. */
function nationalEntries(date: string): CalendarEntry[] {
  if (!national) {
    national = new Map();
    for (const { calendar } of shippedNationalCalendars())
      for (const entry of calendar.entries) national.set(entry.date, [...(national.get(entry.date) ?? []), entry]);
  }
  return national.get(date) ?? [];
}

/**
 * What the calendar says of a date for an agency: the shipped national
 * calendar, unless the leave service has said otherwise for the nation (`*`),
 * plus the agency's own entries (closures, special days) as its
 * `leave.calendar.changed` events said last. Two reads by `_id`.
 */
export async function calendarOf(ctx: PunchCardIngestContext, agencyId: string, date: string): Promise<CalendarEntry[]> {
  const [nation, agency] = await Promise.all([
    ctx.models.calendar.findById(`*|${date}`).lean(),
    ctx.models.calendar.findById(`${agencyId}|${date}`).lean(),
  ]);
  const base = nation ? nation.entries.map((e) => ({ ...e, date })) : nationalEntries(date);
  return [...base, ...(agency?.entries ?? []).map((e) => ({ ...e, date }))];
}
