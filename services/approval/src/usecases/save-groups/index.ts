import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { categoryGroupSchema, flowGroupSchema } from '../../domain/flow.ts';
import type { CategoryGroup, FlowGroup } from '../../domain/flow.ts';
import { assertMayConfigure, checkChange, configOf, memoised } from '../save-flow/index.ts';

export const saveFlowGroupCommand = flowGroupSchema;
export const saveCategoryGroupCommand = categoryGroupSchema;

/**
 * 流程群組: whom a flow applies to (people, units, job categories, or the
 * agency default). Changing it moves people between flows, so it is checked
 * like a flow is: refused if it leaves without a route someone the
 * configuration in force routes; people without a route before and after are
 * listed in `unroutable`.
 */
export async function saveFlowGroup(ctx: ApprovalContext, person: PersonIdentity, group: FlowGroup) {
  assertMayConfigure(person, group.agencyId);
  const before = await configOf(ctx, group.agencyId);
  // In its place among the agency's groups: of two matching groups the first wins, as when a form is routed.
  const groups = before.groups.some((g) => g.id === group.id) ? before.groups.map((g) => (g.id === group.id ? group : g)) : [...before.groups, group];
  const unroutable = await checkChange(ctx, memoised(ctx.org), group.agencyId, before, { ...before, groups }, { field: 'params.groupId', label: '流程群組', detail: '' });
  await ctx.flows.FlowGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return { ...group, unroutable };
}

/**
 * 差假類別群組: which forms and leave types a flow covers. Changing it moves
 * forms between flows (or out of every flow), so it is checked as a flow group is.
 */
export async function saveCategoryGroup(ctx: ApprovalContext, person: PersonIdentity, group: CategoryGroup) {
  assertMayConfigure(person, group.agencyId);
  const before = await configOf(ctx, group.agencyId);
  const categories = before.categories.some((g) => g.id === group.id) ? before.categories.map((g) => (g.id === group.id ? group : g)) : [...before.categories, group];
  const unroutable = await checkChange(ctx, memoised(ctx.org), group.agencyId, before, { ...before, categories }, { field: 'params.groupId', label: '差假類別群組', detail: '' });
  await ctx.flows.CategoryGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return { ...group, unroutable };
}
