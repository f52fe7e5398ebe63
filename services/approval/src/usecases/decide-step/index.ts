import { decideStepCommand } from '@webitr/contracts';
import type { DecideStepCommand, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { decideCurrentStep } from '../shared/decide.ts';
import type { DecisionResult } from '../shared/decide.ts';

/** 同意/核准, 不同意 (reason required), 退回 (reason required), or a comment, on one case. */
export const command = decideStepCommand;
export type Command = DecideStepCommand;

/** Decide the current step of the case (shared/decide.ts: version-checked, with its event in the same write). */
export function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command): Promise<DecisionResult> {
  const { caseId, ...decision } = command;
  return decideCurrentStep(ctx, actor, caseId, decision);
}
