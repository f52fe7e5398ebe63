import { z } from 'zod';
import type { FlowsView, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure } from '../../domain/flow.ts';
import { namesOf } from '../shared/names.ts';

export const query = z.object({ agencyId: z.string().min(1).max(64) });
export type Query = z.infer<typeof query>;

/**
 * The agency's flows, flow groups and category groups, as its attendance
 * managers configure them (批核流程查詢), with the names of the people the
 * groups and steps name.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, query: Query): Promise<FlowsView> {
  const { agencyId } = query;
  assertMayConfigure(actor, agencyId);
  const [flows, flowGroups, categoryGroups] = await Promise.all([
    ctx.flows.Flow.find({ agencyId }).lean(),
    ctx.flows.FlowGroup.find({ agencyId }, { _id: 0 }).lean(),
    ctx.flows.CategoryGroup.find({ agencyId }, { _id: 0 }).lean(),
  ]);
  const named = [
    ...flowGroups.flatMap((g) => g.personIds),
    ...flows.flatMap((f) => f.steps.flatMap((s) => (s.approver.kind === 'person' ? [s.approver.personId] : []))),
  ];
  return {
    flows: flows.map(({ _id, updatedAt, ...f }) => ({
      id: _id,
      ...f,
      ...(updatedAt ? { updatedAt: new Date(updatedAt).toISOString() } : {}),
    })),
    flowGroups,
    categoryGroups,
    names: await namesOf(ctx, named),
  };
}
