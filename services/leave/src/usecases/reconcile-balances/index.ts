import { ACTIVE_STATUSES } from '../../domain/form.ts';
import { consume, release } from '../../domain/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import type { FormDoc } from '../../models/form.ts';
import { mutateBalance } from '../shared/balances.ts';
import type { LeaveContext } from '../shared/context.ts';

/**
 * Without transactions, a form and the balances it draws on are separate
 * writes. Each step is ordered so that the form is the record, and this
 * reconciliation finishes what a crash left half-done: a reservation without a
 * form (older than `graceMs`) or of a form no longer active is released; a
 * reservation of an approved form is consumed; a consumption of a cancelled,
 * rejected or withdrawn form is released.
 */
export async function reconcileBalances(ctx: LeaveContext, graceMs = 5 * 60_000): Promise<{ released: number; consumed: number }> {
  const cutoff = ctx.clock().getTime() - graceMs;
  let released = 0;
  let consumed = 0;
  const cursor = ctx.models.balances.find({}, { _id: 1, reserved: 1, consumed: 1 }).lean<Pick<BalanceDoc, '_id' | 'reserved' | 'consumed'>[]>().cursor();
  for await (const balance of cursor) {
    const ids = [...Object.keys(balance.reserved ?? {}), ...Object.keys(balance.consumed ?? {})];
    if (!ids.length) continue;
    const forms = new Map((await ctx.models.forms.find({ _id: { $in: ids } }, { _id: 1, status: 1 }).lean<Pick<FormDoc, '_id' | 'status'>[]>()).map((f) => [f._id, f.status]));
    for (const [formId, charge] of Object.entries(balance.reserved ?? {})) {
      const status = forms.get(formId);
      if (status === 'approved' || status === 'cancel-requested') {
        await mutateBalance(ctx, balance._id, (s) => consume(s, formId));
        consumed += 1;
      } else if ((status === undefined && new Date(charge.at).getTime() < cutoff) || (status !== undefined && !ACTIVE_STATUSES.includes(status))) {
        await mutateBalance(ctx, balance._id, (s) => release(s, formId));
        released += 1;
      }
    }
    for (const formId of Object.keys(balance.consumed ?? {})) {
      const status = forms.get(formId);
      if (status !== undefined && !ACTIVE_STATUSES.includes(status)) {
        await mutateBalance(ctx, balance._id, (s) => release(s, formId));
        released += 1;
      }
    }
  }
  return { released, consumed };
}
