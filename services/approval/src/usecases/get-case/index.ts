import { hasRole, NotFoundError } from '@webitr/platform';
import { getCaseQuery } from '@webitr/contracts';
import type { CaseView, GetCaseQuery, PersonIdentity } from '@webitr/contracts';
import type { ApprovalCase } from '../../models/approval-case.ts';
import type { ApprovalContext } from '../../context.ts';
import { formOfCase } from '../shared/case-view.ts';
import { deputiesOfAbsentApprovers } from '../shared/delegations.ts';
import { namesOf } from '../shared/names.ts';

export const query = getCaseQuery;
export type Query = GetCaseQuery;

/**
 * A case with the form it is about (shared/case-view.ts), its route and full history
 * (who, when, action, comment, on whose behalf, from which network zone).
 * Visible to the applicant and their deputy, the people on its route and
 * whoever stands in for one of them now (代理批核), and the agency's
 * attendance managers; to anyone else it does not exist. With the names of
 * the people on its route and in its history.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, query: Query): Promise<CaseView> {
  const c = await ctx.cases.findById(query.caseId, { outbox: 0 }).lean();
  if (!c || !(await mayRead(ctx, actor, c))) throw new NotFoundError({ code: 'CASE_NOT_FOUND', detail: '查無此批核案件' });
  return {
    caseId: c._id,
    formId: c.formId,
    kind: c.kind,
    subject: c.subject,
    submission: c.submission,
    applicantId: c.applicantId,
    form: formOfCase(c),
    status: c.status,
    currentStep: c.currentStep,
    version: c.version,
    route: c.route.map((s, i) => ({
      label: s.label,
      approverIds: s.approverIds,
      countersign: s.countersign,
      final: s.final,
      current: c.status === 'in-approval' && i === c.currentStep,
    })),
    history: c.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    names: await namesOf(ctx, [
      ...c.route.flatMap((s) => s.approverIds),
      ...c.history.flatMap((h) => [h.actorId, ...(h.onBehalfOf ? [h.onBehalfOf] : [])]),
    ]),
  };
}

async function mayRead(ctx: ApprovalContext, actor: PersonIdentity, c: ApprovalCase): Promise<boolean> {
  if (c.applicantId === actor.sub || c.deputyId === actor.sub || hasRole(actor, 'attendance-manager', c.agencyId)) return true;
  const approvers = [...new Set(c.route.flatMap((s) => s.approverIds))];
  if (approvers.includes(actor.sub)) return true;
  return [...(await deputiesOfAbsentApprovers(ctx, approvers)).values()].includes(actor.sub);
}
