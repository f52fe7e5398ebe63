import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { categoryGroupSchema, flowGroupSchema } from '../../domain/flow.ts';
import type { CategoryGroup, FlowGroup } from '../../domain/flow.ts';
import { assertMayConfigure } from '../save-flow/index.ts';

export const saveFlowGroupCommand = flowGroupSchema;
export const saveCategoryGroupCommand = categoryGroupSchema;

/** 流程群組: whom a flow applies to (people, units, job categories, or the agency default). */
export async function saveFlowGroup(ctx: ApprovalContext, person: PersonIdentity, group: FlowGroup): Promise<FlowGroup> {
  assertMayConfigure(person, group.agencyId);
  await ctx.flows.FlowGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return group;
}

/** 差假類別群組: which forms and leave types a flow covers. */
export async function saveCategoryGroup(ctx: ApprovalContext, person: PersonIdentity, group: CategoryGroup): Promise<CategoryGroup> {
  assertMayConfigure(person, group.agencyId);
  await ctx.flows.CategoryGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return group;
}
