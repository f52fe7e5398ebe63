import { addCalendarEntryCommand } from '@webitr/contracts';
import type { AddCalendarEntryCommand } from '@webitr/contracts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertMayEditCalendar } from '../shared/calendar.ts';
import { addCalendarEntry } from '../shared/calendar-entries.ts';

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
  return addCalendarEntry(ctx, actor, agencyId, command);
}
