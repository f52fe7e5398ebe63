import { addDays } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import type { LeaveContext } from '../../context.ts';

export const NATIONAL = '*';

/** National entries and the agency's own, for the dates a request touches. */
export async function calendarFor(ctx: LeaveContext, agencyId: string, from: IsoDate, to: IsoDate): Promise<CalendarEntry[]> {
  const docs = await ctx.models.calendar
    .find({ agencyId: { $in: [NATIONAL, agencyId] }, date: { $gte: addDays(from, -1), $lte: addDays(to, 1) } })
    .lean();
  return docs.map((d) => ({ date: d.date, kind: d.kind, name: d.name, ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}) }));
}
