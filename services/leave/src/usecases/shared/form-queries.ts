import type { FormStatusFilter } from '@webitr/contracts';
import { addDays, taipeiInstant } from '@webitr/work-calendar';
import { PENDING_STATUSES } from '../../domain/form.ts';
import type { FormStatus } from '../../domain/form.ts';

/** What the form lists (申請案件, 代理案件, an agency's forms) filter by: a period, a kind, a status. */
export type Filter = Record<string, unknown>;

/** Not yet finished: pending, or a cancellation pending. */
export const LIVE_STATUSES: FormStatus[] = [...PENDING_STATUSES, 'cancel-requested'];

/** A deputy's duty still waits for their answer on a form in these statuses (代理移轉 included). */
export const DEPUTY_ANSWER_STATUSES: FormStatus[] = ['waiting-for-deputy', 'in-approval', 'approved', 'cancel-requested'];

export function statusesOf(status: FormStatusFilter): FormStatus[] | undefined {
  if (status === 'all') return undefined;
  if (status === 'pending') return LIVE_STATUSES;
  if (status === 'decided') return ['approved', 'rejected', 'cancelled'];
  return [status];
}

/** The period filter: forms overlapping [from, to] (Taipei dates, both included). */
export function periodFilter(q: { from?: string | undefined; to?: string | undefined }): Filter {
  const filter: Filter = {};
  if (q.to) filter.start = { $lt: taipeiInstant(addDays(q.to, 1), '00:00') };
  if (q.from) filter.end = { $gt: taipeiInstant(q.from, '00:00') };
  return filter;
}
