import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import { applyApprovalDecision } from '../usecases/apply-approval-decision/index.ts';
import type { LeaveContext } from '../usecases/shared/context.ts';

/** The approval service decided on a form (or on its cancellation). */
export const onApprovalDecision = (ctx: LeaveContext, decision: 'approved' | 'rejected' | 'returned') => (event: EventEnvelope<EventPayload<'approval.form.approved'> & { reason?: string }>) =>
  applyApprovalDecision(ctx, decision, event);

/** A person changed in the directory: read them through again next time (conditional on the event id). */
export const onPersonChanged = (ctx: LeaveContext) => (event: EventEnvelope<EventPayload<'directory.person.changed'>>) => ctx.people.invalidate(event.payload.personId, event.id);
