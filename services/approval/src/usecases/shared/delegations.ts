import type { FormKind } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';

/** Forms that take their applicant away from work: 差假, and 補休 (comp time taken off). Overtime and forgotten punches do not. */
const TIME_OFF: FormKind[] = ['leave', 'comp-time'];

/**
 * Approved, not cancelled time off covering `now`: the applicant is away and
 * their deputy stands in (代理批核). Leave (差假) and comp time taken off (補休)
 * both count; the approval service knows of them from the cases it approved.
 */
const awayNow = (now: Date) => ({
  kind: { $in: TIME_OFF },
  subject: 'request' as const,
  status: 'approved' as const,
  cancelled: { $ne: true },
  start: { $lte: now },
  end: { $gt: now },
});

/** For each of these approvers who is away now, the deputy who acts for them. */
export async function deputiesOfAbsentApprovers(ctx: ApprovalContext, approverIds: readonly string[]): Promise<Map<string, string>> {
  if (approverIds.length === 0) return new Map();
  const away = await ctx.cases
    .find({ applicantId: { $in: [...approverIds] }, ...awayNow(ctx.clock()) }, { applicantId: 1, deputyId: 1 })
    .lean();
  return new Map(away.filter((c) => c.deputyId).map((c) => [c.applicantId, c.deputyId!]));
}

/** The people away now who named this person as their deputy. */
export async function absentPeopleDeputisedBy(ctx: ApprovalContext, personId: string): Promise<string[]> {
  const away = await ctx.cases.find({ deputyId: personId, ...awayNow(ctx.clock()) }, { applicantId: 1 }).lean();
  return [...new Set(away.map((c) => c.applicantId))];
}
