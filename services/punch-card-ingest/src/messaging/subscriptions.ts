import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { PunchCardIngestContext } from '../context.ts';
import { onApprovalRequested, onCalendarChanged, onFormApproved, onFormCancelled, onFormClosed, onPersonChanged } from './handlers.ts';

/**
 * Every event the service listens to. Each handler can run twice with the
 * same outcome (the platform's inbox also makes a redelivered event a no-op):
 * forms are set, punches keyed, days merged with $min/$max and computed from
 * what they hold.
 */
export const subscriptions = (ctx: PunchCardIngestContext): Subscription[] => [
  subscribe('leave.request.approval-requested', onApprovalRequested(ctx)),
  subscribe('leave.request.approved', onFormApproved(ctx)),
  subscribe('leave.request.cancelled', onFormCancelled(ctx)),
  subscribe('leave.request.withdrawn', onFormClosed(ctx)),
  subscribe('leave.request.rejected', onFormClosed(ctx)),
  subscribe('leave.request.returned', onFormClosed(ctx)),
  subscribe('leave.calendar.changed', onCalendarChanged(ctx)),
  subscribe('directory.person.changed', onPersonChanged(ctx)),
];
