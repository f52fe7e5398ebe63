import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';

/** What the leave service's `leave.request.cancelled` says: which form. */
export const command = leaveEvents['leave.request.cancelled'].pick({ formId: true });
export type Command = z.infer<typeof command>;

/** 撤銷 approved: the leave did not happen, so its applicant is not away (no stand-in approvals). */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  await ctx.cases.updateMany({ formId: command.formId, subject: 'request', status: 'approved' }, { $set: { cancelled: true } });
}
