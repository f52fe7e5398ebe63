import { z } from 'zod';
import { AppError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { decideCurrentStep } from '../shared/decide.ts';

export const command = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(100).meta({ title: '批核案件' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
});
export type Command = z.infer<typeof command>;

/** 批次核准: approve several cases; each succeeds or fails on its own, and the answer says which. */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command) {
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
