import { hasRole, NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';

/**
 * A case with its route and full history (who, when, action, comment, on whose
 * behalf, from which network zone). Visible to the applicant, the people on its
 * route, and the agency's attendance managers; to anyone else it does not exist.
 */
export async function execute(ctx: ApprovalContext, person: PersonIdentity, caseId: string) {
  const c = await ctx.cases.findById(caseId, { outbox: 0 }).lean();
  const onRoute = c?.route.some((s) => s.approverIds.includes(person.sub)) || c?.deputyId === person.sub;
  if (!c || !(c.applicantId === person.sub || onRoute || hasRole(person, 'attendance-manager', c.agencyId))) {
    throw new NotFoundError({ code: 'CASE_NOT_FOUND', detail: '查無此批核案件' });
  }
  return {
    caseId: c._id,
    formId: c.formId,
    kind: c.kind,
    subject: c.subject,
    submission: c.submission,
    applicantId: c.applicantId,
    status: c.status,
    currentStep: c.currentStep,
    version: c.version,
    route: c.route.map((s, i) => ({ label: s.label, approverIds: s.approverIds, countersign: s.countersign, final: s.final, current: c.status === 'in-approval' && i === c.currentStep })),
    history: c.history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}
