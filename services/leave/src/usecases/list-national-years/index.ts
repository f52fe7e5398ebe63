import type { NationalYearsView } from '@webitr/contracts';
import { ROC_YEAR_OFFSET } from '@webitr/work-calendar';
import type { NationalYearDoc } from '../../models/calendar-entry.ts';
import type { LeaveContext } from '../../context.ts';

/** The imported years and their sources (for the administrators' screen). */
export async function execute(ctx: LeaveContext): Promise<NationalYearsView> {
  const docs = await ctx.models.nationalYears.find().sort({ year: 1 }).lean<NationalYearDoc[]>();
  return {
    items: docs.map(({ _id, ...rest }) => ({ ...rest, importedAt: rest.importedAt.toISOString(), rocYear: rest.year - ROC_YEAR_OFFSET })),
  };
}
