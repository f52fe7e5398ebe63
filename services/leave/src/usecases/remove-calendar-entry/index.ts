import { NotFoundError } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertMayEditCalendar } from '../shared/calendar.ts';
import { recalculateCharges } from '../shared/recalculation.ts';

/** Remove a calendar entry; forms covering the day are measured again. */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, entryId: string): Promise<void> {
  assertMayEditCalendar(actor, agencyId);
  const entry = await ctx.models.calendar.findOneAndDelete({ _id: entryId, agencyId }).lean();
  if (!entry) throw new NotFoundError({ code: 'CALENDAR_ENTRY_NOT_FOUND' });
  // Forms covering the day are measured again (their reply is already 204; a failure is logged and left to the next change).
  await recalculateCharges(ctx, agencyId, [entry.date], `刪除${entry.name}`);
}
