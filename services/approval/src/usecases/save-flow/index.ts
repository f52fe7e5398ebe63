import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, ForbiddenError, hasRole, InputError, isDuplicateKeyError, NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { flowGroupFor, flowSchema } from '../../domain/flow.ts';
import type { Flow } from '../../domain/flow.ts';
import { assertFlowResolvable, UnresolvableStepError } from '../../domain/route.ts';
import type { Organisation } from '../../domain/route.ts';

export const saveFlowCommand = flowSchema.extend({
  /** Present when editing: the version the editor started from. */
  version: z.number().int().nonnegative().optional().meta({ title: '流程版本' }),
});

/** Only the agency's attendance managers (差勤管理者) configure its flows. */
export function assertMayConfigure(person: PersonIdentity, agencyId: string): void {
  if (!hasRole(person, 'attendance-manager', agencyId)) {
    throw new ForbiddenError({ code: 'NOT_ATTENDANCE_MANAGER', detail: '只有本機關的差勤管理者可以設定批核流程' });
  }
}

/** The same answers for the same question while one flow is checked: hundreds of applicants share supervisors. */
function memoised(org: Organisation): Organisation {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>) => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as Promise<T>;
  };
  return {
    supervisorChain: (id) => once(`chain:${id}`, () => org.supervisorChain(id)),
    unitHead: (id) => once(`unit:${id}`, () => org.unitHead(id)),
    agencyHead: (id) => once(`agency:${id}`, () => org.agencyHead(id)),
    holdersOfRole: (a, r) => once(`role:${a}:${r}`, () => org.holdersOfRole(a, r)),
    isActive: (id) => once(`active:${id}`, () => org.isActive(id)),
    membersOf: (a) => once(`members:${a}`, () => org.membersOf(a)),
  };
}

/**
 * Create or edit a flow. It is refused if it could resolve to nobody for any
 * person its flow group serves, so a form can never arrive at an empty step.
 */
export async function execute(ctx: ApprovalContext, person: PersonIdentity, flowId: string | undefined, command: z.infer<typeof saveFlowCommand>) {
  const { version, ...flow } = command;
  assertMayConfigure(person, flow.agencyId);
  const [groups, category] = await Promise.all([
    ctx.flows.FlowGroup.find({ agencyId: flow.agencyId }).lean(),
    ctx.flows.CategoryGroup.findOne({ agencyId: flow.agencyId, id: flow.categoryGroupId }).lean(),
  ]);
  const group = groups.find((g) => g.id === flow.flowGroupId);
  if (!group) throw new InputError({ code: 'FLOW_GROUP_NOT_FOUND', fields: [{ field: 'body.flowGroupId', label: '流程群組', code: 'not_found', message: '本機關沒有這個流程群組' }] });
  if (!category) throw new InputError({ code: 'CATEGORY_GROUP_NOT_FOUND', fields: [{ field: 'body.categoryGroupId', label: '差假類別群組', code: 'not_found', message: '本機關沒有這個差假類別群組' }] });
  await assertFlowsResolvable(ctx, [flow], groups, (_flow, message) => ({
    detail: `此流程對部分人員會找不到批核者：${message}`,
    field: { field: 'body.steps', label: '批核步驟' },
  }));

  const now = ctx.now();
  if (!flowId) {
    const id = randomUUID();
    try {
      await ctx.flows.Flow.create({ _id: id, ...flow, version: 1, updatedBy: person.sub, updatedAt: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError({ code: 'FLOW_EXISTS', detail: '此流程群組與差假類別群組已有批核流程' });
      throw error;
    }
    return { id, version: 1 };
  }
  const existing = await ctx.flows.Flow.findOne({ _id: flowId, agencyId: flow.agencyId }).lean();
  if (!existing) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
  const expected = version ?? existing.version;
  const written = await ctx.flows.Flow.updateOne({ _id: flowId, version: expected }, { $set: { ...flow, updatedBy: person.sub, updatedAt: now }, $inc: { version: 1 } });
  if (written.modifiedCount !== 1) throw new ConflictError({ code: 'FLOW_CHANGED', detail: '流程已被其他人修改，請重新載入後再編輯' });
  return { id: flowId, version: expected + 1 };
}

/**
 * Refuse (400 FLOW_UNRESOLVABLE) if any of these flows could resolve to nobody
 * for someone its flow group serves, the agency's flow groups being `groups`:
 * on saving a flow, and on saving a flow group (which moves people between flows).
 */
export async function assertFlowsResolvable(
  ctx: ApprovalContext,
  flows: readonly Flow[],
  groups: Parameters<typeof flowGroupFor>[0],
  describe: (flow: Flow, message: string) => { detail: string; field: { field: string; label: string } },
): Promise<void> {
  if (flows.length === 0) return;
  const org = memoised(ctx.org);
  const members = await org.membersOf(flows[0]!.agencyId);
  for (const flow of flows) {
    const served = members.filter((m) => flowGroupFor(groups, { personId: m.id, unitId: m.unitId, jobCategory: m.jobCategory })?.id === flow.flowGroupId);
    try {
      // The deputy is named on each form; the rest must resolve for everyone the flow serves.
      await assertFlowResolvable(flow, served.map((m) => m.id), org);
    } catch (error) {
      if (!(error instanceof UnresolvableStepError)) throw error;
      const { detail, field } = describe(flow, error.message);
      throw new InputError({ code: 'FLOW_UNRESOLVABLE', detail, fields: [{ ...field, code: 'unresolvable', message: error.message }] });
    }
  }
}
