import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, isDuplicateKeyError, NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure, flowGroupFor } from '../../domain/flow.ts';
import type { Flow } from '../../domain/flow.ts';
import { assertStepsNameSomeone, UnresolvableStepError } from '../../domain/route.ts';
import type { Organisation } from '../../domain/route.ts';
import { routingAfterChange } from '../../domain/routing.ts';
import type { RoutingConfig, Unroutable } from '../../domain/routing.ts';

/** The same answers for the same question while one flow is checked: hundreds of applicants share supervisors. */
export function memoised(org: Organisation): Organisation {
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
 * Create or edit a flow. Refused (400 FLOW_UNRESOLVABLE) when a step names
 * nobody whoever applies, when the flow routes none of the people it serves,
 * or when it leaves someone without a route whom the configuration in force
 * routes. People it cannot route for reasons of their own (no unit, no head
 * above them) do not hold up the save: they are listed in `unroutable`, as the
 * run time would return their forms with that reason either way. Used by
 * save-flow and copy-flow (a copy is saved as a new flow).
 */
export async function saveFlow(
  ctx: ApprovalContext,
  actor: PersonIdentity,
  flowId: string | undefined,
  command: Flow & { version?: number | undefined },
) {
  const { version, ...flow } = command;
  assertMayConfigure(actor, flow.agencyId);
  const before = await configOf(ctx, flow.agencyId);
  const group = before.groups.find((g) => g.id === flow.flowGroupId);
  if (!group)
    throw new InputError({
      code: 'FLOW_GROUP_NOT_FOUND',
      fields: [{ field: 'body.flowGroupId', label: '流程群組', code: 'not_found', message: '本機關沒有這個流程群組' }],
    });
  if (!before.categories.some((c) => c.id === flow.categoryGroupId)) {
    throw new InputError({
      code: 'CATEGORY_GROUP_NOT_FOUND',
      fields: [{ field: 'body.categoryGroupId', label: '差假類別群組', code: 'not_found', message: '本機關沒有這個差假類別群組' }],
    });
  }
  const org = memoised(ctx.org);
  try {
    await assertStepsNameSomeone(flow, org);
  } catch (error) {
    if (!(error instanceof UnresolvableStepError)) throw error;
    throw new InputError({
      code: 'FLOW_UNRESOLVABLE',
      detail: `此流程的步驟對任何申請人都找不到批核者：${error.message}`,
      fields: [
        {
          field: `body.steps.${error.stepIndex ?? 0}`,
          label: '批核步驟',
          code: 'unresolvable',
          message: error.message,
          step: error.step,
          reason: error.reason,
        },
      ],
    });
  }
  // The flow in its place: replacing the one edited, or the one a new flow would collide with (refused below as FLOW_EXISTS).
  const savedId = flowId ?? '(new)';
  const after: RoutingConfig = {
    ...before,
    flows: [
      ...before.flows.filter(
        (f) => f._id !== flowId && !(f.flowGroupId === flow.flowGroupId && f.categoryGroupId === flow.categoryGroupId),
      ),
      { ...flow, _id: savedId },
    ],
  };
  const unroutable = await checkChange(ctx, org, flow.agencyId, before, after, {
    savedFlowId: savedId,
    field: 'body.steps',
    label: '批核步驟',
    detail: '此流程',
  });

  const now = ctx.clock();
  if (!flowId) {
    const id = randomUUID();
    try {
      await ctx.flows.Flow.create({ _id: id, ...flow, version: 1, updatedBy: actor.sub, updatedAt: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError({ code: 'FLOW_EXISTS', detail: '此流程群組與差假類別群組已有批核流程' });
      throw error;
    }
    return { id, version: 1, unroutable: unroutable.map((u) => ({ ...u, ...(u.flowId === savedId ? { flowId: id } : {}) })) };
  }
  const existing = await ctx.flows.Flow.findOne({ _id: flowId, agencyId: flow.agencyId }).lean();
  if (!existing) throw new NotFoundError({ code: 'FLOW_NOT_FOUND', detail: '查無此批核流程' });
  const expected = version ?? existing.version;
  const written = await ctx.flows.Flow.updateOne(
    { _id: flowId, version: expected },
    { $set: { ...flow, updatedBy: actor.sub, updatedAt: now }, $inc: { version: 1 } },
  );
  if (written.modifiedCount !== 1) throw new ConflictError({ code: 'FLOW_CHANGED', detail: '流程已被其他人修改，請重新載入後再編輯' });
  return { id: flowId, version: expected + 1, unroutable };
}

/** The agency's configuration as the run time reads it. */
export async function configOf(ctx: ApprovalContext, agencyId: string): Promise<RoutingConfig> {
  const [groups, categories, flows] = await Promise.all([
    ctx.flows.FlowGroup.find({ agencyId }, { _id: 0 }).lean(),
    ctx.flows.CategoryGroup.find({ agencyId }, { _id: 0 }).lean(),
    ctx.flows.Flow.find({ agencyId }).lean(),
  ]);
  return { groups, categories, flows };
}

/** At most this many people named in a refusal's fields (the detail gives the count). */
const NAMED = 20;

const who = (u: Unroutable) => (u.personName ? `${u.personName}（${u.personId}）` : u.personId);

/**
 * Check a change of the agency's configuration with the run time's own
 * routing (domain/routing.ts) for every active person of the agency. Refuses
 * (400 FLOW_UNRESOLVABLE, one field per person: who, which step, why) when the
 * change leaves without a route someone the configuration in force routes, or
 * when the flow being saved routes none of the people it serves; otherwise
 * returns the people still without a route (their forms are returned to them,
 * with the same reason, before and after the change).
 */
export async function checkChange(
  ctx: ApprovalContext,
  org: Organisation,
  agencyId: string,
  before: RoutingConfig,
  after: RoutingConfig,
  where: { savedFlowId?: string; field: string; label: string; detail: string },
): Promise<Unroutable[]> {
  const members = await org.membersOf(agencyId);
  const unroutable = await routingAfterChange(agencyId, before, after, members, org);
  const broken = unroutable.filter((u) => u.routedBefore);
  const saved = where.savedFlowId ? after.flows.find((f) => f._id === where.savedFlowId) : undefined;
  const served = saved
    ? members.filter(
        (m) => flowGroupFor(after.groups, { personId: m.id, unitId: m.unitId, jobCategory: m.jobCategory })?.id === saved.flowGroupId,
      )
    : [];
  const routesNobody = served.length > 0 && served.every((m) => unroutable.some((u) => u.personId === m.id && u.flowId === saved!._id));
  const refused = broken.length > 0 ? broken : routesNobody ? unroutable.filter((u) => u.flowId === saved!._id) : [];
  if (refused.length === 0) return unroutable;
  const flowName = (id: string | undefined) => {
    const name = after.flows.find((f) => f._id === id)?.name;
    return name ? `批核流程「${name}」` : '';
  };
  const why =
    broken.length > 0
      ? `變更後有 ${refused.length} 位目前可批核的人員會找不到批核者`
      : `此流程對適用的 ${refused.length} 位人員都找不到批核者`;
  throw new InputError({
    code: 'FLOW_UNRESOLVABLE',
    detail: `${where.detail}${why}：${refused
      .slice(0, 3)
      .map((u) => `${who(u)}於${flowName(u.flowId)}步驟「${u.step}」${u.reason}`)
      .join('；')}${refused.length > 3 ? '；…' : ''}`,
    fields: refused.slice(0, NAMED).map((u) => ({
      field: u.stepIndex !== undefined && u.flowId === where.savedFlowId ? `${where.field}.${u.stepIndex}` : where.field,
      label: where.label,
      code: 'unresolvable',
      message: `${who(u)}：步驟「${u.step}」${u.reason}`,
      personId: u.personId,
      ...(u.personName ? { personName: u.personName } : {}),
      step: u.step,
      reason: u.reason,
    })),
  });
}
