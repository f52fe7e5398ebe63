import type { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure, flowGroupSchema } from '../../domain/flow.ts';
import { checkChange, configOf, memoised } from '../shared/flow-config.ts';

export const command = flowGroupSchema;
export type Command = z.infer<typeof command>;

/**
 * 流程群組: whom a flow applies to (people, units, job categories, or the
 * agency default). Changing it moves people between flows, so it is checked
 * like a flow is: refused if it leaves without a route someone the
 * configuration in force routes; people without a route before and after are
 * listed in `unroutable`.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command) {
  const group = command;
  assertMayConfigure(actor, group.agencyId);
  const before = await configOf(ctx, group.agencyId);
  // In its place among the agency's groups: of two matching groups the first wins, as when a form is routed.
  const groups = before.groups.some((g) => g.id === group.id)
    ? before.groups.map((g) => (g.id === group.id ? group : g))
    : [...before.groups, group];
  const unroutable = await checkChange(
    ctx,
    memoised(ctx.org),
    group.agencyId,
    before,
    { ...before, groups },
    { field: 'params.groupId', label: '流程群組', detail: '' },
  );
  await ctx.flows.FlowGroup.updateOne({ _id: `${group.agencyId}:${group.id}` }, { $set: group }, { upsert: true });
  return { ...group, unroutable };
}
