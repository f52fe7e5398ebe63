import type { CaseStatus } from '../../domain/decision.ts';
import type { HistoryEntry } from '../../models/approval-case.ts';

/**
 * 代理移轉 as the approval service follows it (record-deputy-transfer, -consent,
 * -decline). A deputy hands an accepted duty to someone else, who must consent
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
export const LIVE = { subject: 'request' as const, status: { $in: ['in-approval', 'approved'] as CaseStatus[] } };

export const newer = (formVersion: number) => ({ $or: [{ deputyVersion: { $exists: false } }, { deputyVersion: { $lt: formVersion } }] });

export const deputyEntry = (at: Date, actorId: string, action: HistoryEntry['action'], result: string, comment?: string): HistoryEntry => ({
  at,
  step: -1,
  stepLabel: '代理移轉',
  actorId,
  action,
  result,
  ...(comment ? { comment } : {}),
});
