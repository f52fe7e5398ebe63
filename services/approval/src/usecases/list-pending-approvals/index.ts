import type { PendingApprovals } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';

/**
 * 待批核: for each approver, the cases whose current step waits for them,
 * oldest first (by when the step started waiting). The notification service's
 * daily digest reads it; a stand-in deputy for an approver who is away is not
 * listed (their inbox shows it, and reminders reach them).
 */
export async function execute(ctx: ApprovalContext): Promise<PendingApprovals> {
  const cases = await ctx.cases
    .find({ status: 'in-approval' }, { _id: 1, formId: 1, kind: 1, subject: 1, currentApproverIds: 1, stepSince: 1 })
    .sort({ stepSince: 1 })
    .lean();
  const byApprover = new Map<string, PendingApprovals['items'][number]['cases']>();
  for (const c of cases) {
    const item = { caseId: c._id, formId: c.formId, kind: c.kind, subject: c.subject, since: c.stepSince.toISOString() };
    for (const approverId of new Set(c.currentApproverIds)) {
      const list = byApprover.get(approverId) ?? [];
      list.push(item);
      byApprover.set(approverId, list);
    }
  }
  return { items: [...byApprover].map(([approverId, list]) => ({ approverId, cases: list })) };
}
