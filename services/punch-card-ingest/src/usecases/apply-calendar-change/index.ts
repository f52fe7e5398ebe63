import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';
import { recomputeStoredDays } from '../shared/attendance.ts';

/**
 * The calendar changed on a date (a typhoon closure declared after the fact,
 * a special day, a national entry): keep what it now holds, and compute
 * every stored day of that date in the agency (every agency for `*`) again,
 * in bulk. A redelivery stores the same entries and finds the days already
 * computed: nothing more is written.
 */
export async function execute(ctx: PunchCardIngestContext, event: EventEnvelope<EventPayload<'leave.calendar.changed'>>) {
  const { agencyId, date, entries } = event.payload;
  await ctx.models.calendar.replaceOne(
    { _id: `${agencyId}|${date}` },
    { _id: `${agencyId}|${date}`, agencyId, date, entries, lastEventId: event.id },
    { upsert: true },
  );
  const { computed } = await recomputeStoredDays(ctx, { agencyId, from: date, to: date });
  return computed;
}
