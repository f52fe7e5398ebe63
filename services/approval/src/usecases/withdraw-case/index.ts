import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';

/** What the leave service's `leave.request.withdrawn` says: the form, and its applicant who withdrew it. */
export const command = leaveEvents['leave.request.withdrawn'].pick({ formId: true, applicantId: true });
export type Command = z.infer<typeof command>;

/** 撤回: the applicant withdrew the form; its open case is nobody's to decide any more. */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  const at = ctx.clock();
  await ctx.cases.updateMany(
    { formId: command.formId, status: 'in-approval' },
    {
      $set: { status: 'withdrawn', currentApproverIds: [] },
      $push: { history: { at, step: -1, stepLabel: '撤回', actorId: command.applicantId, action: 'withdrawn', result: '撤回' } },
      $inc: { version: 1 },
    },
  );
}
