import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';
import { deputyEntry, LIVE, newer } from '../shared/deputy-changes.ts';

/** What the leave service's `leave.request.deputy-declined` says. */
export const command = leaveEvents['leave.request.deputy-declined'].pick({
  formId: true,
  formVersion: true,
  deputyId: true,
  reason: true,
  transferredFrom: true,
});
export type Command = z.infer<typeof command>;

/** The new deputy declined a transfer: the duty stays with the one who handed it on. */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  // A deputy declining a form's next round is the leave service's business (the form goes back to its applicant).
  if (command.transferredFrom === undefined) return;
  await ctx.cases.updateMany(
    { formId: command.formId, ...LIVE, ...newer(command.formVersion) },
    {
      $set: { deputyVersion: command.formVersion },
      $unset: { pendingDeputyId: '' },
      $push: { history: deputyEntry(ctx.clock(), command.deputyId, 'deputy-declined', '不同意', command.reason) },
    },
  );
}
