import { NotFoundError, withOutbox } from '@webitr/platform';
import type { IsoDate } from '@webitr/work-calendar';
import type { Actor, LeaveContext } from '../../context.ts';
import { LIVE } from '../../models/calendar-entry.ts';
import type { CalendarEntryDoc } from '../../models/calendar-entry.ts';
import { assertMayEditCalendar, calendarChanged } from '../shared/calendar.ts';
import { recalculateAgencyChange } from '../shared/recalculation.ts';

const notFound = () => new NotFoundError({ code: 'CALENDAR_ENTRY_NOT_FOUND' });

/**
 * Remove a calendar entry; forms covering the day are measured again. The
 * entry stays as a tombstone carrying `leave.calendar.changed` in its outbox
 * (the same write as the removal).
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, entryId: string): Promise<void> {
  assertMayEditCalendar(actor, agencyId);
  const entry = await ctx.models.calendar.findOne({ _id: entryId, agencyId, ...LIVE }).lean();
  if (!entry) throw notFound();
  // The date is pending before the entry goes: forms a failure or a crash leaves unchanged are finished by reconciliation.
  await recalculateAgencyChange(ctx, agencyId, entry.date as IsoDate, `刪除${entry.name}`, async () => {
    const changed = await calendarChanged(ctx, agencyId, entry.date, entry.kind, undefined);
    const removed = await ctx.models.calendar.updateOne(
      { _id: entryId, agencyId, ...LIVE },
      withOutbox<CalendarEntryDoc>({ $set: { removedAt: ctx.clock(), removedBy: actor.sub } }, [changed]),
    );
    if (removed.modifiedCount === 0) throw notFound();
  });
}
