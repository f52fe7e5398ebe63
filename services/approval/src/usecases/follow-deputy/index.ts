import type { ApprovalContext } from '../../context.ts';
import type { CaseStatus } from '../../domain/decision.ts';
import type { HistoryEntry } from '../../models/approval-case.ts';

/**
 * 代理移轉: a deputy hands an accepted duty to someone else, who must consent
 * (the leave service asks them). The approval service follows along on the
 * form's request cases that are in approval or approved, because an approved
 * leave is what makes its deputy stand in for an absent approver (delegations.ts).
 * None of these touch the case version: an approver's open screen stays valid.
 */
const LIVE = { subject: 'request' as const, status: { $in: ['in-approval', 'approved'] as CaseStatus[] } };

const entry = (at: Date, actorId: string, action: HistoryEntry['action'], result: string, comment?: string): HistoryEntry => ({
  at,
  step: -1,
  stepLabel: '代理移轉',
  actorId,
  action,
  result,
  ...(comment ? { comment } : {}),
});

/** Handed on: remembered until the new deputy answers; the one who consented before still stands in. */
export async function transferred(ctx: ApprovalContext, event: { formId: string; fromDeputyId: string; toDeputyId: string }): Promise<void> {
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, pendingDeputyId: { $ne: event.toDeputyId } },
    { $set: { pendingDeputyId: event.toDeputyId }, $push: { history: entry(ctx.now(), event.fromDeputyId, 'deputy-transferred', '移轉', `移轉給 ${event.toDeputyId}`) } },
  );
}

/**
 * A deputy consented. On an approved form that can only be a transfer (an
 * approved form is not modified, so it asks no deputy again); on a form in
 * approval it is a transfer only if one is pending — otherwise it is the
 * consent of the form's next round, which its own case records.
 */
export async function consented(ctx: ApprovalContext, event: { formId: string; deputyId: string }): Promise<void> {
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, deputyId: { $ne: event.deputyId }, $or: [{ status: 'approved' as const }, { pendingDeputyId: event.deputyId }] },
    { $set: { deputyId: event.deputyId }, $unset: { pendingDeputyId: '' }, $push: { history: entry(ctx.now(), event.deputyId, 'deputy-consented', '同意') } },
  );
}

/** The new deputy declined: the duty stays with the one who handed it on. */
export async function declined(ctx: ApprovalContext, event: { formId: string; deputyId: string; reason?: string }): Promise<void> {
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, pendingDeputyId: event.deputyId },
    { $unset: { pendingDeputyId: '' }, $push: { history: entry(ctx.now(), event.deputyId, 'deputy-declined', '不同意', event.reason) } },
  );
}
