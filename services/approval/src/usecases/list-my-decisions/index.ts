import { listMyDecisionsQuery } from '@webitr/contracts';
import type { ListMyDecisionsQuery, MyDecisionsView, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { formOfCase } from '../shared/case-view.ts';
import { namesOf } from '../shared/names.ts';

export const query = listMyDecisionsQuery;
export type Query = ListMyDecisionsQuery;

/** The actions of an approver (not the form's own events: opened, deputy consent, withdrawal …). */
const DECIDING = new Set(['approve', 'reject', 'return', 'comment']);

/**
 * 批核紀錄: the cases I decided or commented on, as approver or standing in for
 * one on leave (代理批核: whom I acted for is in each entry and named), newest
 * decision first, with where each case stands now.
 */
export async function execute(ctx: ApprovalContext, actor: PersonIdentity, query: Query): Promise<MyDecisionsView> {
  const filter = { 'history.actorId': actor.sub };
  const found = await ctx.cases.find(filter, { outbox: 0 }).lean();
  const mine = found
    .map((c) => ({ c, decisions: c.history.filter((h) => h.actorId === actor.sub && DECIDING.has(h.action)) }))
    .filter((m) => m.decisions.length > 0)
    .sort((a, b) => b.decisions.at(-1)!.at.getTime() - a.decisions.at(-1)!.at.getTime());
  const page = mine.slice(query.offset, query.offset + query.limit);
  const names = await namesOf(
    ctx,
    page.flatMap((m) => m.decisions.flatMap((d) => (d.onBehalfOf ? [d.onBehalfOf] : []))),
  );
  return {
    total: mine.length,
    names,
    items: page.map(({ c, decisions }) => ({
      caseId: c._id,
      formId: c.formId,
      kind: c.kind,
      subject: c.subject,
      form: formOfCase(c),
      status: c.status,
      decisions: decisions.map((h) => ({ ...h, at: h.at.toISOString() })),
    })),
  };
}
