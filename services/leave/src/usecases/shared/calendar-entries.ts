import type { AddCalendarEntryCommand } from '@webitr/contracts';
import { isDuplicateKeyError, outboxOnCreate, withOutbox } from '@webitr/platform';
import { conflict } from '../../domain/errors.ts';
import type { CalendarEntryDoc } from '../../models/calendar-entry.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { calendarChanged } from './calendar.ts';
import { recalculateAgencyChange } from './recalculation.ts';

/**
 * Register a special day or closure of an agency (or `*`, national) — who may
 * is the caller's to check: an agency's attendance manager (addCalendarEntry)
 * or a system administrator for several agencies at once (declareRegionClosure).
 * Forms covering the day are measured again, and `leave.calendar.changed`
 * goes out from the entry's own outbox, in the same write (daily attendance
 * of that date is computed again).
 */
export async function addCalendarEntry(ctx: LeaveContext, actor: Actor, agencyId: string, command: AddCalendarEntryCommand) {
  const _id = `${agencyId}|${command.date}|${command.kind}`;
  const doc = { _id, agencyId, ...command, createdBy: actor.sub, createdAt: ctx.clock() };
  // The date is pending before the entry is written: forms a failure or a crash leaves uncounted are finished by reconciliation.
  const { recalculated } = await recalculateAgencyChange(ctx, agencyId, command.date, `登錄${command.name}`, async () => {
    const changed = await calendarChanged(ctx, agencyId, command.date, command.kind, command);
    try {
      await ctx.models.calendar.create({ ...doc, ...outboxOnCreate([changed]) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A removed entry of that kind (a tombstone) is revived; a live one is a conflict.
      const unset = { removedAt: 1, removedBy: 1, ...(command.from ? {} : { from: 1 }), ...(command.to ? {} : { to: 1 }) };
      const revived = await ctx.models.calendar.updateOne(
        { _id, removedAt: { $exists: true } },
        withOutbox<CalendarEntryDoc>({ $set: { ...command, createdBy: actor.sub, createdAt: doc.createdAt }, $unset: unset }, [changed]),
      );
      if (revived.modifiedCount === 0) throw conflict('CALENDAR_ENTRY_EXISTS', 'body.date', '日期', '該日已有同類別的登記');
    }
  });
  return { id: _id, ...command, agencyId, recalculated };
}
