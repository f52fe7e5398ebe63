import { addCalendarEntryCommand } from '@webitr/contracts';
import type { AddCalendarEntryCommand } from '@webitr/contracts';
import { isDuplicateKeyError, outboxOnCreate, withOutbox } from '@webitr/platform';
import { conflict } from '../../domain/errors.ts';
import type { CalendarEntryDoc } from '../../models/calendar-entry.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertMayEditCalendar, calendarChanged } from '../shared/calendar.ts';
import { recalculateAgencyChange } from '../shared/recalculation.ts';

/** The body's schema lives in @webitr/contracts/forms/leave: the web app's 停止上班上課 form validates with it too. */
export const command = addCalendarEntryCommand;

export type Command = AddCalendarEntryCommand;

/**
 * Register a special day or closure (停止上班上課) of an agency, or (`*`) a
 * national entry; forms covering the day are measured again, and
 * `leave.calendar.changed` goes out from the entry's own outbox, in the same
 * write (daily attendance of that date is computed again).
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, command: Command) {
  assertMayEditCalendar(actor, agencyId);
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
