import { NotFoundError } from '@webitr/platform';
import type { IsoDate } from '@webitr/work-calendar';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertMayEditCalendar } from '../shared/calendar.ts';
import { recalculateAgencyChange } from '../shared/recalculation.ts';

const notFound = () => new NotFoundError({ code: 'CALENDAR_ENTRY_NOT_FOUND' });

/** Remove a calendar entry; forms covering the day are measured again. */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, entryId: string): Promise<void> {
  assertMayEditCalendar(actor, agencyId);
  const entry = await ctx.models.calendar.findOne({ _id: entryId, agencyId }).lean();
  if (!entry) throw notFound();
  // The date is pending before the entry goes: forms a failure or a crash leaves unchanged are finished by reconciliation.
  await recalculateAgencyChange(ctx, agencyId, entry.date as IsoDate, `刪除${entry.name}`, async () => {
    if (!(await ctx.models.calendar.findOneAndDelete({ _id: entryId, agencyId }).lean())) throw notFound();
  });
}
