import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure } from '../../domain/flow.ts';

export const command = z.object({ agencyId: z.string().min(1).max(64), flowId: z.string().min(1).max(64) });
export type Command = z.infer<typeof command>;

/** Delete a flow. Forms already in flight keep their route (it is a snapshot). */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command): Promise<void> {
  assertMayConfigure(actor, command.agencyId);
  const { deletedCount } = await ctx.flows.Flow.deleteOne({ _id: command.flowId, agencyId: command.agencyId });
  if (deletedCount !== 1) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
}
