import { AppError } from '@webitr/platform';
import { batchApproveCommand } from '@webitr/contracts';
import type { BatchApproveCommand, BatchApproveView, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { decideCurrentStep } from '../shared/decide.ts';

export const command = batchApproveCommand;
export type Command = BatchApproveCommand;

/** 批次核准: approve several cases; each succeeds or fails on its own, and the answer says which. */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command): Promise<BatchApproveView> {
  const results = [];
  for (const caseId of new Set(command.caseIds)) {
    try {
      results.push({
        ok: true as const,
        ...(await decideCurrentStep(ctx, actor, caseId, { action: 'approve', comment: command.comment })),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ok: false as const, caseId, code: error.code, detail: error.detail ?? error.title });
    }
  }
  return { approved: results.filter((r) => r.ok).length, results };
}
