import { z } from 'zod';
import { formKindSchema } from './leave.ts';

/**
 * Decisions of the approval service (issue 6) on forms the leave service sent
 * for approval (`leave.request.approval-requested`) or for cancellation
 * (`leave.request.cancel-requested`). `subject` says which; `submission` echoes
 * the round the decision is about, so a decision on a form modified since is ignored.
 */
const decision = z.object({
  formId: z.string().min(1),
  kind: formKindSchema,
  subject: z.enum(['request', 'cancellation']),
  submission: z.number().int().positive(),
  decidedBy: z.string().min(1),
  comment: z.string().optional(),
});

/** A step has waited longer than the agency allows (working hours): remind its approvers. */
const stepOverdue = z.object({
  caseId: z.string().min(1),
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
  stepLabel: z.string().min(1),
  /** Whom to remind: the step's approvers, with a stand-in deputy in place of each approver away now (代理批核). */
  approverIds: z.array(z.string().min(1)).min(1),
  /** For each stand-in deputy among `approverIds`, the absent approver they act for. */
  onBehalfOf: z.record(z.string(), z.string()).optional(),
  waitingMinutes: z.number().int().nonnegative(),
});

/**
 * A case opened with its route: everyone who may decide it (each step's
 * approvers). The leave service lets them, and whoever stands in for one of
 * them while they are away, read the form and its attachments.
 */
const caseOpened = z.object({
  caseId: z.string().min(1),
  formId: z.string().min(1),
  kind: formKindSchema,
  subject: z.enum(['request', 'cancellation']),
  submission: z.number().int().positive(),
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
  approverIds: z.array(z.string().min(1)).min(1),
});

/**
 * A step became the one to decide (the first when the case opens, the next
 * after each approval): its approvers are told it is their turn. Ids only; the
 * notification service looks up names and addresses in the directory.
 */
const stepStarted = z.object({
  caseId: z.string().min(1),
  formId: z.string().min(1),
  kind: formKindSchema,
  subject: z.enum(['request', 'cancellation']),
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
  /** The step's position in the route (0 = first), so each step of a case is one notification. */
  step: z.number().int().nonnegative(),
  stepLabel: z.string().min(1),
  approverIds: z.array(z.string().min(1)).min(1),
});

export const approvalEvents = {
  'approval.case.opened': caseOpened,
  'approval.step.started': stepStarted,
  /** 決行: the last step approved. */
  'approval.form.approved': decision,
  /** `reason` may be empty when the approver gave none. */
  'approval.form.rejected': decision.extend({ reason: z.string() }),
  /** Returned to the applicant for changes; a returned cancellation leaves the form approved, as a rejected one does. */
  'approval.form.returned': decision.extend({ reason: z.string() }),
  'approval.step.overdue': stepOverdue,
} as const;
