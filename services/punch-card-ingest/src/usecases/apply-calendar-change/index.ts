import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';
import { computeStoredDay } from '../shared/attendance.ts';

/**
 * The calendar changed on a date (a typhoon closure declared after the fact,
 * a special day, a national entry): keep what it now holds, and compute
 * every stored day of that date in the agency (every agency for `*`) again.
 */
export async function execute(ctx: PunchCardIngestContext, event: EventEnvelope<EventPayload<'leave.calendar.changed'>>) {
  const { agencyId, date, entries } = event.payload;
  await ctx.models.calendar.replaceOne(
    { _id: `${agencyId}|${date}` },
    { _id: `${agencyId}|${date}`, agencyId, date, entries, lastEventId: event.id },
    { upsert: true },
  );
  const days = await ctx.models.days.find(agencyId === '*' ? { date } : { agencyId, date }, { personId: 1 }).lean();
  for (const day of days) await computeStoredDay(ctx, day.personId, date);
  return days.length;
}
