import { NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure } from '../save-flow/index.ts';
import * as saveFlow from '../save-flow/index.ts';

/** Delete a flow. Forms already in flight keep their route (it is a snapshot). */
export async function remove(ctx: ApprovalContext, person: PersonIdentity, agencyId: string, flowId: string): Promise<void> {
  assertMayConfigure(person, agencyId);
  const { deletedCount } = await ctx.flows.Flow.deleteOne({ _id: flowId, agencyId });
  if (deletedCount !== 1) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
}

/** 複製: a flow's steps for another flow group or category group of the same agency. */
export async function copy(ctx: ApprovalContext, person: PersonIdentity, agencyId: string, flowId: string, target: { name: string; flowGroupId: string; categoryGroupId: string }) {
  assertMayConfigure(person, agencyId);
  const source = await ctx.flows.Flow.findOne({ _id: flowId, agencyId }).lean();
  if (!source) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
  return saveFlow.execute(ctx, person, undefined, { agencyId, steps: source.steps, ...target });
}

export async function list(ctx: ApprovalContext, person: PersonIdentity, agencyId: string) {
  assertMayConfigure(person, agencyId);
  const [flows, flowGroups, categoryGroups] = await Promise.all([
    ctx.flows.Flow.find({ agencyId }).lean(),
    ctx.flows.FlowGroup.find({ agencyId }, { _id: 0 }).lean(),
    ctx.flows.CategoryGroup.find({ agencyId }, { _id: 0 }).lean(),
  ]);
  return { flows: flows.map(({ _id, ...f }) => ({ id: _id, ...f })), flowGroups, categoryGroups };
}
