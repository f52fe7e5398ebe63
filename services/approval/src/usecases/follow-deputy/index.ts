import type { ApprovalContext } from '../../context.ts';
import type { CaseStatus } from '../../domain/decision.ts';
import type { HistoryEntry } from '../../models/approval-case.ts';

/**
 * 代理移轉: a deputy hands an accepted duty to someone else, who must consent
 * (the leave service asks them). The approval service follows along on the
 * form's request cases that are in approval or approved, because an approved
 * leave is what makes its deputy stand in for an absent approver (delegations.ts).
 * None of these touch the case version: an approver's open screen stays valid.
 *
 * Each event carries the form's version after the change (`formVersion`), and
 * a case applies only what is newer than the last deputy change it applied
 * (`deputyVersion`): a transfer redelivered after its answer changes nothing,
 * so no case waits for an answer that was given. (The late transfer is then
 * missing from the case history; the form's own history has it.)
 */
const LIVE = { subject: 'request' as const, status: { $in: ['in-approval', 'approved'] as CaseStatus[] } };

const newer = (formVersion: number) => ({ $or: [{ deputyVersion: { $exists: false } }, { deputyVersion: { $lt: formVersion } }] });

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
export async function transferred(ctx: ApprovalContext, event: { formId: string; formVersion: number; fromDeputyId: string; toDeputyId: string }): Promise<void> {
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, ...newer(event.formVersion) },
    {
      $set: { pendingDeputyId: event.toDeputyId, deputyVersion: event.formVersion },
      $push: { history: entry(ctx.clock(), event.fromDeputyId, 'deputy-transferred', '移轉', `移轉給 ${event.toDeputyId}`) },
    },
  );
}

/**
 * A deputy consented. An answer to a transfer says so (`transferredFrom`); on
 * an approved form any consent is one (an approved form is not modified, so it
 * asks no deputy again). Any other consent belongs to the form's next round,
 * which its own case records.
 */
export async function consented(ctx: ApprovalContext, event: { formId: string; formVersion: number; deputyId: string; transferredFrom?: string }): Promise<void> {
  const transfer = event.transferredFrom !== undefined ? {} : { status: 'approved' as const };
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, ...transfer, ...newer(event.formVersion) },
    {
      $set: { deputyId: event.deputyId, deputyVersion: event.formVersion },
      $unset: { pendingDeputyId: '' },
      $push: { history: entry(ctx.clock(), event.deputyId, 'deputy-consented', '同意') },
    },
  );
}

/** The new deputy declined a transfer: the duty stays with the one who handed it on. */
export async function declined(ctx: ApprovalContext, event: { formId: string; formVersion: number; deputyId: string; reason?: string; transferredFrom?: string }): Promise<void> {
  // A deputy declining a form's next round is the leave service's business (the form goes back to its applicant).
  if (event.transferredFrom === undefined) return;
  await ctx.cases.updateMany(
    { formId: event.formId, ...LIVE, ...newer(event.formVersion) },
    {
      $set: { deputyVersion: event.formVersion },
      $unset: { pendingDeputyId: '' },
      $push: { history: entry(ctx.clock(), event.deputyId, 'deputy-declined', '不同意', event.reason) },
    },
  );
}
