import { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { decideCurrentStep } from '../shared/decide.ts';
import type { DecisionResult } from '../shared/decide.ts';

/** 同意/核准, 不同意 (reason required), 退回 (reason required), or a comment, on one case. */
export const command = z.object({
  caseId: z.string().min(1).max(200),
  action: z.enum(['approve', 'reject', 'return', 'comment']).meta({ title: '批核動作' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
  /** The case version the approver's screen showed: a decision on a stale screen is refused. */
  version: z.number().int().nonnegative().optional().meta({ title: '案件版本' }),
});
export type Command = z.infer<typeof command>;

/** Decide the current step of the case (shared/decide.ts: version-checked, with its event in the same write). */
export function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command): Promise<DecisionResult> {
  const { caseId, ...decision } = command;
  return decideCurrentStep(ctx, actor, caseId, decision);
}
