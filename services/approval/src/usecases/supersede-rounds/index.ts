import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';
import { supersede } from '../shared/rounds.ts';

/** What the leave service's `leave.request.modified` says: the form, its applicant, and the round it is now in. */
export const command = leaveEvents['leave.request.modified'].pick({ formId: true, applicantId: true, submission: true });
export type Command = z.infer<typeof command>;

/**
 * 修改 while in approval: the form's earlier rounds stop at once, whether or
 * not the new one ever reaches approval (shared/rounds.ts; open-case does the
 * same for a round that comes in late).
 */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  await supersede(ctx, { ...command, subject: 'request' });
}
