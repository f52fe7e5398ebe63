import { listInboxQuery } from '@webitr/contracts';
import type { InboxView, ListInboxQuery, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { formOfCase } from '../shared/case-view.ts';
import { absentPeopleDeputisedBy } from '../shared/delegations.ts';
import { namesOf } from '../shared/names.ts';

export const query = listInboxQuery;
export type Query = ListInboxQuery;

/**
 * 批核案件: the forms waiting for me (each with the form as shared/case-view.ts shows it), and for anyone on leave who named me
 * their deputy (marked with whom I act for), newest first, with the count the
 * home page shows; filtered by form kind, 申請/撤銷, and when it was sent.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, query: Query): Promise<InboxView> {
  const standingInFor = await absentPeopleDeputisedBy(ctx, actor.sub);
  const opened = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
  const filter = {
    currentApproverIds: { $in: [actor.sub, ...standingInFor] },
    status: 'in-approval' as const,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.subject ? { subject: query.subject } : {}),
    ...(query.from || query.to ? { openedAt: opened } : {}),
  };
  const [total, cases] = await Promise.all([
    ctx.cases.countDocuments(filter),
    ctx.cases.find(filter, { outbox: 0, history: 0 }).sort({ openedAt: -1 }).skip(query.offset).limit(query.limit).lean(),
  ]);
  const items = cases.map((c) => {
    const step = c.route[c.currentStep]!;
    const mine = step.approverIds.includes(actor.sub);
    return {
      caseId: c._id,
      formId: c.formId,
      kind: c.kind,
      subject: c.subject,
      applicantId: c.applicantId,
      leaveType: c.leaveType,
      start: c.start?.toISOString(),
      end: c.end?.toISOString(),
      minutes: c.minutes,
      form: formOfCase(c),
      step: step.label,
      countersign: step.countersign,
      final: step.final,
      version: c.version,
      openedAt: c.openedAt.toISOString(),
      ...(mine ? {} : { onBehalfOf: step.approverIds.find((id) => standingInFor.includes(id)) }),
    };
  });
  const names = await namesOf(
    ctx,
    items.flatMap((i) => (i.onBehalfOf ? [i.onBehalfOf] : [])),
  );
  return { total, items, names };
}
