import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { categoryGroupSchema, flowGroupSchema } from '../../domain/flow.ts';
import type { CategoryGroup, FlowGroup } from '../../domain/flow.ts';
import { assertFlowsResolvable, assertMayConfigure } from '../save-flow/index.ts';

export const saveFlowGroupCommand = flowGroupSchema;
export const saveCategoryGroupCommand = categoryGroupSchema;

/**
 * 流程群組: whom a flow applies to (people, units, job categories, or the
 * agency default). Changing it moves people between flows, so it is refused
 * if one of the agency's flows could then resolve to nobody for someone it
 * serves (checked at save like a flow is).
 */
export async function saveFlowGroup(ctx: ApprovalContext, person: PersonIdentity, group: FlowGroup): Promise<FlowGroup> {
  assertMayConfigure(person, group.agencyId);
  const [groups, flows] = await Promise.all([ctx.flows.FlowGroup.find({ agencyId: group.agencyId }).lean(), ctx.flows.Flow.find({ agencyId: group.agencyId }).lean()]);
  // In its place among the agency's groups: of two matching groups the first wins, as when a form is routed.
  const after = groups.some((g) => g.id === group.id) ? groups.map((g) => (g.id === group.id ? group : g)) : [...groups, group];
  await assertFlowsResolvable(ctx, flows, after, (flow, message) => ({
    detail: `變更後，批核流程「${flow.name}」對部分人員會找不到批核者：${message}`,
    field: { field: 'params.groupId', label: '流程群組' },
  }));
  await ctx.flows.FlowGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return group;
}

/** 差假類別群組: which forms and leave types a flow covers. */
export async function saveCategoryGroup(ctx: ApprovalContext, person: PersonIdentity, group: CategoryGroup): Promise<CategoryGroup> {
  assertMayConfigure(person, group.agencyId);
  await ctx.flows.CategoryGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return group;
}
