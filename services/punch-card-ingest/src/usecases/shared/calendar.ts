import { shippedNationalCalendars } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import type { CalendarDayDoc } from '../../models/calendar-day.ts';

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
 * The rule, in one place: the shipped national calendar unless the leave
 * service has said otherwise for the nation (`*`), plus the agency's own
 * entries (closures, special days) as its `leave.calendar.changed` events
 * said last.
 */
function entriesOf(date: string, nation: CalendarDayDoc | null | undefined, agency: CalendarDayDoc | null | undefined): CalendarEntry[] {
  const base = nation ? nation.entries.map((e) => ({ ...e, date })) : nationalEntries(date);
  return [...base, ...(agency?.entries ?? []).map((e) => ({ ...e, date }))];
}

/** What the calendar says of a date for an agency. Two reads by `_id`. */
export async function calendarOf(ctx: PunchCardIngestContext, agencyId: string, date: string): Promise<CalendarEntry[]> {
  const [nation, agency] = await Promise.all([
    ctx.models.calendar.findById(`*|${date}`).lean(),
    ctx.models.calendar.findById(`${agencyId}|${date}`).lean(),
  ]);
  return entriesOf(date, nation, agency);
}

/**
 * The same for every date of a period at once (a recompute of many days):
 * one query for the nation's and the agency's entries of the period, then
 * each date answered from memory.
 */
export async function calendarForPeriod(
  ctx: PunchCardIngestContext,
  agencyId: string,
  from: string,
  to: string,
): Promise<(date: string) => CalendarEntry[]> {
  const docs = await ctx.models.calendar.find({ agencyId: { $in: ['*', agencyId] }, date: { $gte: from, $lte: to } }).lean();
  const byId = new Map(docs.map((d) => [d._id, d]));
  return (date) => {
    // Outside the period nothing was read: the nation's own word on that date would be missed.
    if (date < from || date > to) throw new Error(`calendar of ${agencyId} read for ${from}–${to}, asked for ${date}`);
    return entriesOf(date, byId.get(`*|${date}`), byId.get(`${agencyId}|${date}`));
  };
}
