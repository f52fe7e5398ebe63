import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';
import { deputyEntry, LIVE, newer } from '../shared/deputy-changes.ts';

/** What the leave service's `leave.request.deputy-consented` says. */
export const command = leaveEvents['leave.request.deputy-consented'].pick({
  formId: true,
  formVersion: true,
  deputyId: true,
  transferredFrom: true,
});
export type Command = z.infer<typeof command>;

/**
 * A deputy consented. An answer to a transfer says so (`transferredFrom`); on
 * an approved form any consent is one (an approved form is not modified, so it
 * asks no deputy again). Any other consent belongs to the form's next round,
 * which its own case records.
 */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  const transfer = command.transferredFrom !== undefined ? {} : { status: 'approved' as const };
  await ctx.cases.updateMany(
    { formId: command.formId, ...LIVE, ...transfer, ...newer(command.formVersion) },
    {
      $set: { deputyId: command.deputyId, deputyVersion: command.formVersion },
      $unset: { pendingDeputyId: '' },
      $push: { history: deputyEntry(ctx.clock(), command.deputyId, 'deputy-consented', '同意') },
    },
  );
}
