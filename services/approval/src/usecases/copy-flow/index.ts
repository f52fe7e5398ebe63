import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure, flowSchema } from '../../domain/flow.ts';
import { saveFlow } from '../shared/flow-config.ts';

/** The flow copied, and the name, flow group and category group of the copy. */
export const command = flowSchema
  .pick({ agencyId: true, name: true, flowGroupId: true, categoryGroupId: true })
  .extend({ flowId: z.string().min(1).max(64) });
export type Command = z.infer<typeof command>;

/** 複製: a flow's steps for another flow group or category group of the same agency, saved (and checked) as a new flow. */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command) {
  const { agencyId, flowId, ...target } = command;
  assertMayConfigure(actor, agencyId);
  const source = await ctx.flows.Flow.findOne({ _id: flowId, agencyId }).lean();
  if (!source) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
  return saveFlow(ctx, actor, undefined, { agencyId, steps: source.steps, ...target });
}
