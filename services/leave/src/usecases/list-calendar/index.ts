import { listCalendarQuery } from '@webitr/contracts';
import type { CalendarEntriesView, ListCalendarQuery } from '@webitr/contracts';
import type { LeaveContext } from '../../context.ts';
import { LIVE } from '../../models/calendar-entry.ts';
import { NATIONAL } from '../shared/calendar.ts';

export const query = listCalendarQuery;
export type Query = ListCalendarQuery;

/** Holidays, make-up days, special days and closures of an agency (national ones included) in a period. */
export async function execute(ctx: LeaveContext, agencyId: string, query: Query): Promise<CalendarEntriesView> {
  const docs = await ctx.models.calendar
    .find({ agencyId: { $in: [NATIONAL, agencyId] }, date: { $gte: query.from, $lte: query.to }, ...LIVE })
    .sort({ date: 1 })
    .lean();
  return {
    items: docs.map((d) => ({
      id: d._id,
      agencyId: d.agencyId,
      date: d.date,
      kind: d.kind,
      name: d.name,
      ...(d.from ? { from: d.from } : {}),
      ...(d.to ? { to: d.to } : {}),
      createdBy: d.createdBy,
    })),
  };
}
