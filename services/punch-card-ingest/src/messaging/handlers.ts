import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../context.ts';
import * as applyCalendarChange from '../usecases/apply-calendar-change/index.ts';
import * as applyFormEvent from '../usecases/apply-form-event/index.ts';

export const onApprovalRequested =
  (ctx: PunchCardIngestContext) => (event: EventEnvelope<EventPayload<'leave.request.approval-requested'>>) =>
    applyFormEvent.requested(ctx, event);

export const onFormApproved = (ctx: PunchCardIngestContext) => (event: EventEnvelope<EventPayload<'leave.request.approved'>>) =>
  applyFormEvent.approved(ctx, event);

export const onFormCancelled = (ctx: PunchCardIngestContext) => (event: EventEnvelope<EventPayload<'leave.request.cancelled'>>) =>
  applyFormEvent.cancelled(ctx, event);

/** Withdrawn (撤回), rejected (不准) or returned (退回): the form no longer waits for approval. */
export const onFormClosed =
  (ctx: PunchCardIngestContext) =>
  (event: EventEnvelope<EventPayload<'leave.request.withdrawn' | 'leave.request.rejected' | 'leave.request.returned'>>) =>
    applyFormEvent.closed(ctx, event);

export const onCalendarChanged = (ctx: PunchCardIngestContext) => async (event: EventEnvelope<EventPayload<'leave.calendar.changed'>>) => {
  await applyCalendarChange.execute(ctx, event);
};

/** A person changed in the directory (unit, 班別, agency): read them through again next time. */
export const onPersonChanged = (ctx: PunchCardIngestContext) => async (event: EventEnvelope<EventPayload<'directory.person.changed'>>) => {
  await ctx.models.people.deleteOne({ _id: event.payload.personId });
};
