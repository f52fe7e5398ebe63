import { z } from 'zod';
import { routeDraftSchema } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { routeForm } from '../../domain/routing.ts';
import { configOf } from '../shared/flow-config.ts';

/** A draft the leave service quotes (試算): who would decide it, before any form exists. */
export const command = routeDraftSchema;
export type Command = z.infer<typeof command>;

/**
 * The route a form would take if filed now: the same function a case is
 * opened with (domain/routing.ts `routeForm`, deputy steps left to the leave
 * service), stored nowhere. A draft no flow can route answers `unroutable`
 * with the words the applicant would be told at filing.
 */
export async function execute(ctx: ApprovalContext, command: Command) {
  const applicant = await ctx.person(command.applicantId);
  const config = await configOf(ctx, command.agencyId);
  const outcome = await routeForm(
    config,
    command.agencyId,
    { id: applicant.id, name: applicant.name, unitId: applicant.unitId, jobCategory: applicant.jobCategory },
    { kind: command.kind, leaveType: command.leaveType, minutes: command.minutes, deputyId: command.deputyId },
    ctx.org,
  );
  if (!outcome.ok) return { status: 'unroutable' as const, reason: outcome.message };
  const flowName = config.flows.find((f) => f._id === outcome.flowId)?.name ?? '';
  return {
    status: 'routable' as const,
    flowName,
    steps: outcome.route.map((s) => ({ label: s.label, approverIds: s.approverIds, final: s.final, countersign: s.countersign })),
  };
}
