import type { ApprovalContext } from '../context.ts';

/** Approved, not cancelled leave covering `now`: the applicant is away and their deputy stands in (代理批核). */
const onLeaveNow = (now: Date) => ({ kind: 'leave' as const, subject: 'request' as const, status: 'approved' as const, cancelled: { $ne: true }, start: { $lte: now }, end: { $gt: now } });

/** For each of these approvers who is on leave now, the deputy who acts for them. */
export async function deputiesOfAbsentApprovers(ctx: ApprovalContext, approverIds: readonly string[]): Promise<Map<string, string>> {
  if (approverIds.length === 0) return new Map();
  const away = await ctx.cases.find({ applicantId: { $in: [...approverIds] }, ...onLeaveNow(ctx.now()) }, { applicantId: 1, deputyId: 1 }).lean();
  return new Map(away.filter((c) => c.deputyId).map((c) => [c.applicantId, c.deputyId!]));
}

/** The people on leave now who named this person as their deputy. */
export async function absentPeopleDeputisedBy(ctx: ApprovalContext, personId: string): Promise<string[]> {
  const away = await ctx.cases.find({ deputyId: personId, ...onLeaveNow(ctx.now()) }, { applicantId: 1 }).lean();
  return [...new Set(away.map((c) => c.applicantId))];
}
