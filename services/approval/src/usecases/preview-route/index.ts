import type { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import { routeDraftSchema } from '@webitr/contracts';
import type { IdentityClaims, RoutePreview } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { assertMayConfigure } from '../../domain/flow.ts';
import { routeForm } from '../../domain/routing.ts';
import { deputiesOfAbsentApprovers } from '../shared/delegations.ts';
import { configOf } from '../shared/flow-config.ts';
import { namesOf } from '../shared/names.ts';

/** A draft (試算): who would decide it, before any form exists. */
export const command = routeDraftSchema;
export type Command = z.infer<typeof command>;

/**
 * The route a form would take if filed now: the same function a case is
 * opened with (domain/routing.ts `routeForm`, deputy steps left to the leave
 * service), stored nowhere. A draft no flow can route answers `unroutable`
 * with the words the applicant would be told at filing. Each step says who
 * would decide it today: an approver on approved leave now has their deputy
 * beside them (代理批核, as the inbox would send it), and everyone is named.
 *
 * Asked by the leave service's quotes (a service), and by the agency's flow
 * administrators (批核流程查詢), who may ask only about their agency's people.
 */
export async function execute(ctx: ApprovalContext, caller: IdentityClaims, command: Command): Promise<RoutePreview> {
  if (caller.kind === 'person') assertMayConfigure(caller, command.agencyId);
  const applicant = await ctx.person(command.applicantId);
  // Another agency's person is not one of theirs to look into: the same answer as nobody.
  if (caller.kind === 'person' && applicant.agencyId !== command.agencyId)
    throw new NotFoundError({ code: 'PERSON_NOT_FOUND', detail: '本機關查無此人員' });
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
  const approverIds = outcome.route.flatMap((s) => s.approverIds);
  const standIns = await deputiesOfAbsentApprovers(ctx, approverIds);
  const steps = outcome.route.map((s) => {
    const away = s.approverIds.flatMap((id) => (standIns.has(id) ? [{ approverId: id, deputyId: standIns.get(id)! }] : []));
    return {
      label: s.label,
      approverIds: s.approverIds,
      final: s.final,
      countersign: s.countersign,
      ...(away.length ? { standIns: away } : {}),
    };
  });
  const names = await namesOf(ctx, [...approverIds, ...standIns.values()]);
  return { status: 'routable' as const, flowName, steps, names };
}
