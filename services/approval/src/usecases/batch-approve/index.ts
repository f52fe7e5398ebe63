import { z } from 'zod';
import { AppError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import * as decideStep from '../decide-step/index.ts';

export const batchApproveCommand = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(100).meta({ title: '批核案件' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
});

/** 批次核准: approve several cases; each succeeds or fails on its own, and the answer says which. */
export async function execute(ctx: ApprovalContext, person: PersonIdentity, command: z.infer<typeof batchApproveCommand>) {
  const results = [];
  for (const caseId of new Set(command.caseIds)) {
    try {
      results.push({ ok: true as const, ...(await decideStep.execute(ctx, person, caseId, { action: 'approve', comment: command.comment })) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ok: false as const, caseId, code: error.code, detail: error.detail ?? error.title });
    }
  }
  return { approved: results.filter((r) => r.ok).length, results };
}
