import type { ApprovalContext } from '../../context.ts';

/** 撤回: the applicant withdrew the form; its open case is nobody's to decide any more. */
export async function withdraw(ctx: ApprovalContext, formId: string, applicantId: string): Promise<void> {
  const at = ctx.now();
  await ctx.cases.updateMany(
    { formId, status: 'in-approval' },
    {
      $set: { status: 'withdrawn', currentApproverIds: [] },
      $push: { history: { at, step: -1, stepLabel: '撤回', actorId: applicantId, action: 'withdrawn', result: '撤回' } },
      $inc: { version: 1 },
    },
  );
}

/** 撤銷 approved: the leave did not happen, so its applicant is not away (no stand-in approvals). */
export async function markCancelled(ctx: ApprovalContext, formId: string): Promise<void> {
  await ctx.cases.updateMany({ formId, subject: 'request', status: 'approved' }, { $set: { cancelled: true } });
}
