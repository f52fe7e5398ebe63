import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import * as applyApprovalDecision from '../usecases/apply-approval-decision/index.ts';
import type { LeaveContext } from '../context.ts';

/** The approval service decided on a form (or on its cancellation). */
export const onApprovalDecision =
  (ctx: LeaveContext, decision: 'approved' | 'rejected' | 'returned') =>
  (event: EventEnvelope<EventPayload<'approval.form.approved'> & { reason?: string }>) =>
    applyApprovalDecision.execute(ctx, decision, event);

/** A person changed in the directory: read them through again next time (conditional on the event id). */
export const onPersonChanged = (ctx: LeaveContext) => (event: EventEnvelope<EventPayload<'directory.person.changed'>>) =>
  ctx.people.invalidate(event.payload.personId, event.id);

/**
 * A case of a form opened with its route: remember who is on it, so they (and
 * their stand-ins) may read the form. A set union, so a redelivery changes
 * nothing and rounds add up (an approver of an earlier round still may read
 * what they decided). The form's version is untouched: no screen goes stale.
 */
export const onCaseOpened = (ctx: LeaveContext) => async (event: EventEnvelope<EventPayload<'approval.case.opened'>>) => {
  await ctx.models.forms.updateOne({ _id: event.payload.formId }, { $addToSet: { routePersonIds: { $each: event.payload.approverIds } } });
};
