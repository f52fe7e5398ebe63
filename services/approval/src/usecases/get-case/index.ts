import { hasRole, NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalCase } from '../../models/approval-case.ts';
import type { ApprovalContext } from '../../context.ts';
import { formOfCase } from '../case-view.ts';
import { deputiesOfAbsentApprovers } from '../delegations.ts';

/**
 * A case with the form it is about (case-view.ts), its route and full history
 * (who, when, action, comment, on whose behalf, from which network zone).
 * Visible to the applicant and their deputy, the people on its route and
 * whoever stands in for one of them now (代理批核), and the agency's
 * attendance managers; to anyone else it does not exist.
 */
export async function execute(ctx: ApprovalContext, person: PersonIdentity, caseId: string) {
  const c = await ctx.cases.findById(caseId, { outbox: 0 }).lean();
  if (!c || !(await mayRead(ctx, person, c))) throw new NotFoundError({ code: 'CASE_NOT_FOUND', detail: '查無此批核案件' });
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
    route: c.route.map((s, i) => ({ label: s.label, approverIds: s.approverIds, countersign: s.countersign, final: s.final, current: c.status === 'in-approval' && i === c.currentStep })),
    history: c.history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

async function mayRead(ctx: ApprovalContext, person: PersonIdentity, c: ApprovalCase): Promise<boolean> {
  if (c.applicantId === person.sub || c.deputyId === person.sub || hasRole(person, 'attendance-manager', c.agencyId)) return true;
  const approvers = [...new Set(c.route.flatMap((s) => s.approverIds))];
  if (approvers.includes(person.sub)) return true;
  return [...(await deputiesOfAbsentApprovers(ctx, approvers)).values()].includes(person.sub);
}
