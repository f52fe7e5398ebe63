import { z } from 'zod';
import { formKindSchema } from '@webitr/contracts';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { absentPeopleDeputisedBy } from '../delegations.ts';

export const listInboxQuery = z.object({
  kind: formKindSchema.optional().meta({ title: '表單類別' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * 批核案件: the forms waiting for me, and for anyone on leave who named me
 * their deputy (marked with whom I act for), newest first, with the count the
 * home page shows.
 */
export async function execute(ctx: ApprovalContext, person: PersonIdentity, query: z.infer<typeof listInboxQuery>) {
  const standingInFor = await absentPeopleDeputisedBy(ctx, person.sub);
  const filter = { currentApproverIds: { $in: [person.sub, ...standingInFor] }, status: 'in-approval' as const, ...(query.kind ? { kind: query.kind } : {}) };
  const [total, cases] = await Promise.all([
    ctx.cases.countDocuments(filter),
    ctx.cases.find(filter, { outbox: 0, history: 0 }).sort({ openedAt: -1 }).skip(query.offset).limit(query.limit).lean(),
  ]);
  return {
    total,
    items: cases.map((c) => {
      const step = c.route[c.currentStep]!;
      const mine = step.approverIds.includes(person.sub);
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
        step: step.label,
        countersign: step.countersign,
        final: step.final,
        version: c.version,
        openedAt: c.openedAt.toISOString(),
        ...(mine ? {} : { onBehalfOf: step.approverIds.find((id) => standingInFor.includes(id)) }),
      };
    }),
  };
}
