// What 批核案件 computes: which decisions a step offers and how their buttons
// read, when a reason is needed (the service's rule, checked before submit in
// the same words), the inbox's filters as the API's query, and what a batch
// approval did, in one sentence.
import { z } from 'zod';
import { decideStepBody, listInboxQuery } from '@webitr/contracts/forms/approval';
import type { DecisionAction } from '@webitr/contracts/forms/approval';
import type { BatchApproveView, CaseView } from '@webitr/contracts/views/approval';

/** The decisions the page offers (意見 alone is not offered: a comment goes with a decision). */
export type OfferedAction = Exclude<DecisionAction, 'comment'>;

/** A step as the inbox and the case describe it. */
export interface StepFacts {
  countersign: boolean;
  final: boolean;
}

/** 核准 on an ordinary step, 決行 on the final one, 會畢 on a countersign (會辦) step: the word the history will show. */
export function approveLabel(step: StepFacts): string {
  return step.countersign ? '會畢' : step.final ? '決行' : '核准';
}

/** The buttons, in the order people expect them: 核准 (決行/會畢), 退回, 不准. */
export function offeredActions(step: StepFacts): { action: OfferedAction; label: string }[] {
  return [
    { action: 'approve', label: approveLabel(step) },
    { action: 'return', label: '退回' },
    { action: 'reject', label: '不准' },
  ];
}

/** 退回 and 不准 (不同意) need a reason (domain/decision.ts in the approval service). */
export const reasonRequired = (action: DecisionAction): boolean => action === 'return' || action === 'reject';

/** The service's words for a missing reason (REASON_REQUIRED's detail). */
export const REASON_MESSAGES: Partial<Record<DecisionAction, string>> = {
  return: '退回時須填寫理由',
  reject: '不同意時須填寫理由',
};

/** The decision form: decideStepBody (the service's schema), and the reason its use case requires for 退回 and 不准. */
export const decisionForm = decideStepBody.superRefine((value, ctx) => {
  if (reasonRequired(value.action) && !value.comment?.trim())
    ctx.addIssue({ code: 'custom', path: ['comment'], message: REASON_MESSAGES[value.action]! });
});
export type DecisionFormValues = z.input<typeof decisionForm>;

/**
 * May I decide this case now, and for whom? Only a case in approval, not my
 * own, whose current step is mine — or that my inbox holds for someone I stand
 * in for (`onBehalfOf`). Otherwise the page shows the case and no buttons.
 */
export function decisionOpen(view: Pick<CaseView, 'status' | 'applicantId' | 'route'>, me: string, inInbox: boolean): boolean {
  if (view.status !== 'in-approval' || view.applicantId === me) return false;
  const step = view.route.find((s) => s.current);
  return Boolean(step && (step.approverIds.includes(me) || inInbox));
}

/** What the inbox filter shows: dates as the calendar gives them (YYYY-MM-DD, Taipei days). */
export interface InboxFilter {
  kind?: string | undefined;
  subject?: string | undefined;
  /** Sent on or after this Taipei day. */
  from?: string | undefined;
  /** Sent on or before this Taipei day (inclusive, as people mean it). */
  to?: string | undefined;
}

const nextDay = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The filter as listInboxQuery: Taipei's days as instants with +08:00 (the
 * service compares when a case was sent), the end day included. A period
 * that ends before it starts is refused with the schema's own message, under 迄日.
 */
export function inboxQueryOf(
  filter: InboxFilter,
): { ok: true; query: Record<string, string> } | { ok: false; field: 'to'; message: string } {
  const raw = {
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.subject ? { subject: filter.subject } : {}),
    ...(filter.from ? { from: `${filter.from}T00:00:00+08:00` } : {}),
    ...(filter.to ? { to: `${nextDay(filter.to)}T00:00:00+08:00` } : {}),
  };
  const parsed = listInboxQuery.safeParse(raw);
  if (!parsed.success) return { ok: false, field: 'to', message: parsed.error.issues[0]?.message ?? '日期有誤' };
  return { ok: true, query: raw };
}

/** 申請人: the inbox has no filter by applicant on the service, so the page filters what it loaded by part of the name. */
export const matchesApplicant = (name: string | undefined, text: string): boolean => !text.trim() || (name ?? '').includes(text.trim());

/** One sentence for a batch: 「已核准 2 件，1 件未核准」. */
export function batchSummary(view: BatchApproveView): string {
  const refused = view.results.length - view.approved;
  return refused === 0 ? `已核准 ${view.approved} 件` : `已核准 ${view.approved} 件，${refused} 件未核准`;
}

/** A case's state as people read it. */
export const CASE_STATUS_LABEL: Record<CaseView['status'], string> = {
  'in-approval': '批核中',
  approved: '已決行',
  rejected: '不准',
  returned: '退回',
  withdrawn: '已撤回',
  superseded: '已重送',
};

/** 申請 or 撤銷. */
export const SUBJECT_LABEL: Record<string, string> = { request: '申請', cancellation: '撤銷' };
