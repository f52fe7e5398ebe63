import { leaveEvents } from '@webitr/contracts';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';
import { deputyEntry, LIVE, newer } from '../shared/deputy-changes.ts';

/** What the leave service's `leave.request.deputy-transferred` says. */
export const command = leaveEvents['leave.request.deputy-transferred'].pick({
  formId: true,
  formVersion: true,
  fromDeputyId: true,
  toDeputyId: true,
});
export type Command = z.infer<typeof command>;

/** Handed on: remembered until the new deputy answers; the one who consented before still stands in. */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  await ctx.cases.updateMany(
    { formId: command.formId, ...LIVE, ...newer(command.formVersion) },
    {
      $set: { pendingDeputyId: command.toDeputyId, deputyVersion: command.formVersion },
      $push: { history: deputyEntry(ctx.clock(), command.fromDeputyId, 'deputy-transferred', '移轉', `移轉給 ${command.toDeputyId}`) },
    },
  );
}
