import { z } from 'zod';
import { formKindSchema } from '../events/leave.ts';

/**
 * The approval service's app operations (批核), as the service validates them
 * and the web app's forms do before submit (`@webitr/contracts/forms/approval`).
 * Browser-safe: zod only. Whether the actor may decide, and the case's
 * version, are checked by the service.
 */

/** 同意/核准, 不同意, 退回, or a comment only (意見). 不同意 and 退回 need a comment, which the service checks. */
export const DECISION_ACTIONS = ['approve', 'reject', 'return', 'comment'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** What a case is about: the form's request (申請) or its cancellation (撤銷). */
export const CASE_SUBJECTS = ['request', 'cancellation'] as const;
export type CaseSubject = (typeof CASE_SUBJECTS)[number];

/** decideStep: one decision on one case; `version` is the case version the approver's screen showed (a stale screen is refused). */
export const decideStepCommand = z.object({
  caseId: z.string().min(1).max(200),
  action: z.enum(DECISION_ACTIONS).meta({ title: '批核動作' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
  version: z.number().int().nonnegative().optional().meta({ title: '案件版本' }),
});
export type DecideStepCommand = z.infer<typeof decideStepCommand>;
/** The body of POST /cases/:caseId/decisions (the case is in the path). */
export const decideStepBody = decideStepCommand.omit({ caseId: true });
export type DecideStepBody = z.infer<typeof decideStepBody>;

/** batchApprove (批次核准): approve several cases; each succeeds or fails on its own. */
export const batchApproveCommand = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(100).meta({ title: '批核案件' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
});
export type BatchApproveCommand = z.infer<typeof batchApproveCommand>;

/** listInbox (批核案件): by form kind, 申請/撤銷, and when it was sent (ISO instants with offset). */
export const listInboxQuery = z
  .object({
    kind: formKindSchema.optional().meta({ title: '表單類別' }),
    /** 申請 or 撤銷. */
    subject: z.enum(CASE_SUBJECTS).optional().meta({ title: '案件類別' }),
    /** Sent for approval (送出) at or after this time. */
    from: z.iso.datetime({ offset: true }).optional().meta({ title: '送出日期起' }),
    /** Sent for approval before this time. */
    to: z.iso.datetime({ offset: true }).optional().meta({ title: '送出日期迄' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), { path: ['to'], message: '迄日須晚於起日' });
export type ListInboxQuery = z.infer<typeof listInboxQuery>;

/** listMyDecisions (批核紀錄): the cases I decided (or commented on), for me or for whom I stood in, newest first. */
export const listMyDecisionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListMyDecisionsQuery = z.infer<typeof listMyDecisionsQuery>;

/** getCase: the case is in the path. */
export const getCaseQuery = z.object({ caseId: z.string().min(1).max(200) });
export type GetCaseQuery = z.infer<typeof getCaseQuery>;
