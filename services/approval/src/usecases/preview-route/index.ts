import { z } from 'zod';
import { routeDraftSchema } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { categoryGroupFor, flowGroupFor } from '../../domain/flow.ts';
import { resolveRoute, UnresolvableStepError } from '../../domain/route.ts';
import { DAY_MINUTES } from '../../domain/routing.ts';

/** A draft the leave service quotes (試算): who would decide it, before any form exists. */
export const command = routeDraftSchema;
export type Command = z.infer<typeof command>;

/**
 * The route a form would take if filed now, resolved as a case is opened
 * (open-case: flow group, category group, flow, then resolveRoute without the
 * deputy steps, which the leave service handles), stored nowhere. A draft no
 * flow can route answers `unroutable` with the reason the applicant would get.
 */
export async function execute(ctx: ApprovalContext, command: Command) {
  try {
    const applicant = await ctx.person(command.applicantId);
    const [groups, categories] = await Promise.all([
      ctx.flows.FlowGroup.find({ agencyId: command.agencyId }).lean(),
      ctx.flows.CategoryGroup.find({ agencyId: command.agencyId }).lean(),
    ]);
    const group = flowGroupFor(groups, { personId: applicant.id, unitId: applicant.unitId, jobCategory: applicant.jobCategory });
    const category = categoryGroupFor(categories, command);
    const flow =
      group && category
        ? await ctx.flows.Flow.findOne({ agencyId: command.agencyId, flowGroupId: group.id, categoryGroupId: category.id }).lean()
        : null;
    if (!flow) throw new UnresolvableStepError('批核流程', '找不到適用的批核流程，請洽機關差勤管理者設定');
    const withoutDeputy = { ...flow, steps: flow.steps.filter((s) => s.approver.kind !== 'deputy') };
    const route = await resolveRoute(
      withoutDeputy,
      {
        applicantId: command.applicantId,
        agencyId: command.agencyId,
        deputyId: command.deputyId,
        minutes: command.minutes,
        dayMinutes: DAY_MINUTES,
      },
      ctx.org,
    );
    return {
      status: 'routable' as const,
      flowName: flow.name,
      steps: route.map((s) => ({ label: s.label, approverIds: s.approverIds, final: s.final, countersign: s.countersign })),
    };
  } catch (error) {
    if (!(error instanceof UnresolvableStepError)) throw error;
    return { status: 'unroutable' as const, reason: error.message };
  }
}
