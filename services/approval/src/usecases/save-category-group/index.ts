import type { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure, categoryGroupSchema } from '../../domain/flow.ts';
import { checkChange, configOf, memoised } from '../shared/flow-config.ts';

export const command = categoryGroupSchema;
export type Command = z.infer<typeof command>;

/**
 * 差假類別群組: which forms and leave types a flow covers. Changing it moves
 * forms between flows (or out of every flow), so it is checked as a flow group is.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command) {
  const group = command;
  assertMayConfigure(actor, group.agencyId);
  const before = await configOf(ctx, group.agencyId);
  const categories = before.categories.some((g) => g.id === group.id)
    ? before.categories.map((g) => (g.id === group.id ? group : g))
    : [...before.categories, group];
  const unroutable = await checkChange(
    ctx,
    memoised(ctx.org),
    group.agencyId,
    before,
    { ...before, categories },
    { field: 'params.groupId', label: '差假類別群組', detail: '' },
  );
  await ctx.flows.CategoryGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return { ...group, unroutable };
}
