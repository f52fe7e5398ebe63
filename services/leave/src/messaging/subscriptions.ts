import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { LeaveContext } from '../context.ts';
import { onApprovalDecision, onCaseOpened, onPersonChanged } from './handlers.ts';

/** Every event the leave service listens to. */
export const subscriptions = (ctx: LeaveContext): Subscription[] => [
  subscribe('approval.form.approved', onApprovalDecision(ctx, 'approved')),
  subscribe('approval.form.rejected', onApprovalDecision(ctx, 'rejected')),
  subscribe('approval.form.returned', onApprovalDecision(ctx, 'returned')),
  subscribe('approval.case.opened', onCaseOpened(ctx)),
  subscribe('directory.person.changed', onPersonChanged(ctx)),
];
