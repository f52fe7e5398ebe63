import { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure } from '../../domain/flow.ts';

export const query = z.object({ agencyId: z.string().min(1).max(64) });
export type Query = z.infer<typeof query>;

/** The agency's flows, flow groups and category groups, as its attendance managers configure them. */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, query: Query) {
  const { agencyId } = query;
  assertMayConfigure(actor, agencyId);
  const [flows, flowGroups, categoryGroups] = await Promise.all([
    ctx.flows.Flow.find({ agencyId }).lean(),
    ctx.flows.FlowGroup.find({ agencyId }, { _id: 0 }).lean(),
    ctx.flows.CategoryGroup.find({ agencyId }, { _id: 0 }).lean(),
  ]);
  return { flows: flows.map(({ _id, ...f }) => ({ id: _id, ...f })), flowGroups, categoryGroups };
}
