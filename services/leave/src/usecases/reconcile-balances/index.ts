import { taipeiLocal } from '@webitr/work-calendar';
import { ACTIVE_STATUSES } from '../../domain/form.ts';
import { chargeKey, consume, parseChargeKey, release, reserve } from '../../domain/balance.ts';
import { balanceId } from '../../models/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import type { FormDoc } from '../../models/form.ts';
import { ensureBalance, mutateBalance } from '../shared/balances.ts';
import type { LeaveContext } from '../../context.ts';
import { loadPolicy } from '../shared/policies.ts';

/** How far back live forms and attachment claims are checked: a crash is finished within a run or two, a week covers an outage. */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface ReconcileResult {
  released: number;
  consumed: number;
  /** Charges a live form had lost, put back. */
  restored: number;
  /** Live forms missing a charge the balance no longer covers (logged for the attendance manager to correct). */
  uncovered: number;
  /** Attachments claimed by a form that was never written, or no longer names them. */
  unclaimed: number;
}

type FormState = Pick<FormDoc, '_id' | 'status' | 'submission'>;

/**
 * Without transactions, a form and the balances it draws on are separate
 * writes. Each step is ordered so that the form is the record, and this
 * reconciliation finishes what a crash left half-done:
 * - a reservation (keyed by form and submission round, see chargeKey) without
 *   a form, or of a round the form never reached, is released after `graceMs`;
 *   one of a round the form has moved past (it was modified) is released;
 * - a reservation of an approved form is consumed; a reservation or
 *   consumption of a cancelled, rejected or withdrawn form is released;
 * - a live form whose current round is missing from a balance gets it back;
 * - an attachment claimed by a form that was never written (or that no longer
 *   names it) is given back.
 */
export async function execute(ctx: LeaveContext, graceMs = 5 * 60_000): Promise<ReconcileResult> {
  const now = ctx.clock().getTime();
  const cutoff = now - graceMs;
  const result: ReconcileResult = { released: 0, consumed: 0, restored: 0, uncovered: 0, unclaimed: 0 };
  const cursor = ctx.models.balances
    .find({}, { _id: 1, reserved: 1, consumed: 1 })
    .lean<Pick<BalanceDoc, '_id' | 'reserved' | 'consumed'>[]>()
    .cursor();
  // A mongoose cursor is not closed by leaving its loop on an error; on FerretDB an open one holds a store connection.
  try {
    for await (const balance of cursor) {
      const keys = [...Object.keys(balance.reserved ?? {}), ...Object.keys(balance.consumed ?? {})];
      if (!keys.length) continue;
      const ids = [...new Set(keys.map((k) => parseChargeKey(k).formId))];
      const forms = new Map(
        (await ctx.models.forms.find({ _id: { $in: ids } }, { _id: 1, status: 1, submission: 1 }).lean<FormState[]>()).map((f) => [
          f._id,
          f,
        ]),
      );
      const releaseKey = async (key: string) => {
        await mutateBalance(ctx, balance._id, (s) => release(s, key));
        result.released += 1;
      };
      for (const [key, charge] of Object.entries(balance.reserved ?? {})) {
        const { formId, submission } = parseChargeKey(key);
        const form = forms.get(formId);
        const old = new Date(charge.at).getTime() < cutoff;
        if (!form || submission > form.submission) {
          if (old) await releaseKey(key);
        } else if (submission < form.submission || !ACTIVE_STATUSES.includes(form.status)) {
          await releaseKey(key);
        } else if (form.status === 'approved' || form.status === 'cancel-requested') {
          await mutateBalance(ctx, balance._id, (s) => consume(s, key));
          result.consumed += 1;
        }
      }
      for (const key of Object.keys(balance.consumed ?? {})) {
        const { formId, submission } = parseChargeKey(key);
        const form = forms.get(formId);
        if (form && (submission !== form.submission || !ACTIVE_STATUSES.includes(form.status))) await releaseKey(key);
      }
    }
  } finally {
    await cursor.close();
  }
  await restoreMissingCharges(ctx, new Date(now - LOOKBACK_MS), new Date(cutoff), result);
  await giveBackUnusedClaims(ctx, new Date(now - LOOKBACK_MS), new Date(cutoff), result);
  return result;
}

/**
 * A live form changed in [from, to) must hold its current round in every
 * balance it draws on. Should one be missing (a half-done write, a bug), it is
 * put back — reserved, or consumed for an approved form — if the balance still
 * covers it; else it is logged for the attendance manager.
 */
async function restoreMissingCharges(ctx: LeaveContext, from: Date, to: Date, result: ReconcileResult): Promise<void> {
  const forms = await ctx.models.forms
    .find({ updatedAt: { $gte: from, $lt: to }, status: { $in: [...ACTIVE_STATUSES] } })
    .lean<FormDoc[]>();
  for (const form of forms) {
    if (!form.charges?.length) continue;
    const key = chargeKey(form._id, form.submission);
    for (const charge of form.charges) {
      const id = balanceId(form.applicantId, charge.ledger, charge.period);
      const balance = await ctx.models.balances
        .findById(id, { reserved: 1, consumed: 1 })
        .lean<Pick<BalanceDoc, 'reserved' | 'consumed'>>();
      if (balance?.reserved?.[key] || balance?.consumed?.[key]) continue;
      // Read again: a form modified since the query holds another round now, and that round is what counts.
      const current = await ctx.models.forms.findById(form._id, { version: 1 }).lean<Pick<FormDoc, 'version'>>();
      if (current?.version !== form.version) break;
      const log = ctx.logger.child({ formId: form._id, balanceId: id });
      try {
        if (!balance)
          await ensureBalance(
            ctx,
            await ctx.people.get(form.applicantId),
            await loadPolicy(ctx, form.agencyId),
            charge.ledger,
            charge.period,
          );
        const approved = form.status === 'approved' || form.status === 'cancel-requested';
        await mutateBalance(ctx, id, (state) => {
          if (state.reserved[key] || state.consumed[key]) return state;
          const reserved = reserve(state, {
            formId: key,
            amount: charge.amount,
            at: ctx.clock(),
            on: taipeiLocal(form.start).date,
            label: form.leaveTypeName ?? charge.ledger,
            ...(charge.sub ? { sub: charge.sub } : {}),
          });
          return approved ? consume(reserved, key) : reserved;
        });
        result.restored += 1;
        log.error('a live form had lost its charge; put back');
      } catch (error) {
        result.uncovered += 1;
        log.error({ err: error }, 'a live form has lost its charge and the balance no longer covers it; needs a correction');
      }
    }
  }
}

/** Attachments claimed in [from, to) by a form that does not exist or does not name them are given back. */
async function giveBackUnusedClaims(ctx: LeaveContext, from: Date, to: Date, result: ReconcileResult): Promise<void> {
  const claims = await ctx.attachments.claimedBetween(from, to);
  if (!claims.length) return;
  const forms = new Map(
    (
      await ctx.models.forms
        .find({ _id: { $in: [...new Set(claims.map((c) => c.formId))] } }, { _id: 1, attachments: 1 })
        .lean<Pick<FormDoc, '_id' | 'attachments'>[]>()
    ).map((f) => [f._id, f]),
  );
  for (const claim of claims) {
    if (forms.get(claim.formId)?.attachments.some((a) => a.id === claim.id)) continue;
    await ctx.attachments.release([claim.id], claim.formId);
    result.unclaimed += 1;
  }
}
