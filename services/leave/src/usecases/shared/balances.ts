import type { EventEnvelope, FormDetails } from '@webitr/contracts';
import { ConflictError, isDuplicateKeyError, updateWithVersion } from '@webitr/platform';
import { allocationFor } from '../../domain/allocation.ts';
import {
  addEntry,
  chargeKey,
  compTimeShown,
  consume,
  parseChargeKey,
  release,
  remainingOf,
  reserve,
  reserveReplacing,
} from '../../domain/balance.ts';
import type { BalanceState } from '../../domain/balance.ts';
import { formatDuration, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { conflict } from '../../domain/errors.ts';
import type { BalanceCharge } from '../../domain/leave-request.ts';
import type { PersonProfile } from '../../domain/people.ts';
import { effectiveRule } from '../../domain/policy.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import type { LeaveTypeCode } from '../../domain/rules/types.ts';
import { balanceId } from '../../models/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import type { FormDoc } from '../../models/form.ts';
import type { LeaveContext } from '../../context.ts';

const stateOf = (doc: BalanceDoc): BalanceState => ({
  unit: doc.unit,
  granted: doc.granted,
  entries: doc.entries ?? [],
  reserved: doc.reserved ?? {},
  consumed: doc.consumed ?? {},
  ...(doc.grants ? { grants: doc.grants } : {}),
});

/**
 * The balance of a person's ledger in a period, created with its allocation
 * the first time anyone needs it (the first request of the year, an
 * allocation run, a new hire). Creation is an insert with a fixed `_id`, so
 * two processes creating it at once end with one.
 */
export async function ensureBalance(
  ctx: LeaveContext,
  person: PersonProfile,
  policy: AgencyPolicy,
  ledger: LeaveTypeCode,
  period: string,
): Promise<BalanceDoc> {
  const id = balanceId(person.id, ledger, period);
  const existing = await ctx.models.balances.findById(id).lean<BalanceDoc>();
  if (existing) return existing;
  const rule = effectiveRule(person.ruleSet ?? 'civil-servant', policy, ledger);
  if (!rule) throw new ConflictError({ code: 'LEDGER_UNKNOWN', detail: `沒有${ledger}的假別規則` });
  const allocation = allocationFor(rule, person, period);
  const now = ctx.clock();
  const doc: BalanceDoc = {
    _id: id,
    personId: person.id,
    agencyId: person.agencyId,
    ledger,
    period,
    unit: allocation.unit,
    granted: allocation.amount,
    entries: [{ at: now, kind: 'allocation', amount: allocation.amount, note: allocation.note }],
    reserved: {},
    consumed: {},
    ...(allocation.grants ? { grants: [] } : {}),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.models.balances.create(doc);
    return doc;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await ctx.models.balances.findById(id).lean<BalanceDoc>())!;
  }
}

/**
 * Apply a pure ledger change on the condition that nobody changed the balance
 * since it was read (its version); on a lost race, read again and re-decide —
 * so of two requests for the last hours the second sees they are gone.
 */
export async function mutateBalance(
  ctx: LeaveContext,
  id: string,
  change: (state: BalanceState, doc: BalanceDoc) => BalanceState,
  events: readonly EventEnvelope[] = [],
): Promise<BalanceDoc | undefined> {
  const written = await updateWithVersion(
    ctx.models.balances,
    id,
    (doc) => {
      const state = stateOf(doc);
      const next = change(state, doc);
      if (next === state) return undefined;
      const set = {
        granted: next.granted,
        entries: next.entries,
        reserved: next.reserved,
        consumed: next.consumed,
        updatedAt: ctx.clock(),
        ...(next.grants ? { grants: next.grants } : {}),
      };
      return { update: { $set: set }, events, set };
    },
    {
      attempts: 50,
      // Lost a race: step back a little (jittered) so the contenders do not keep colliding.
      backoffMs: (attempt) => Math.random() * Math.min(5 * attempt, 50),
      conflict: () => new ConflictError({ code: 'BALANCE_BUSY', detail: '假別餘額正在被其他申請使用，請稍後再試' }),
      kick: ctx.kick,
    },
  );
  if (!written) return undefined;
  return written.change ? { ...written.doc, ...written.change.set, version: written.doc.version + 1 } : written.doc;
}

/**
 * Reserve every charge of a form under `key` (chargeKey: the form and its
 * submission round); if one is refused, give back the ones already reserved,
 * so a refused request leaves nothing behind. A modification names the key
 * its old charges are held under in `replacing`: they count as available but
 * stay held until the caller releases them.
 */
export async function reserveCharges(
  ctx: LeaveContext,
  person: PersonProfile,
  policy: AgencyPolicy,
  key: string,
  charges: readonly BalanceCharge[],
  options: { on: IsoDate; label: string; takeAtOnce?: boolean; replacing?: string },
): Promise<void> {
  const { formId } = parseChargeKey(key);
  const done: string[] = [];
  try {
    for (const charge of charges) {
      const doc = await ensureBalance(ctx, person, policy, charge.ledger, charge.period);
      await mutateBalance(ctx, doc._id, (state) => {
        // 應一次請畢: one form per event; the form's own earlier round does not count.
        const others = [...Object.keys(state.reserved), ...Object.keys(state.consumed)].filter((k) => parseChargeKey(k).formId !== formId);
        if (options.takeAtOnce && others.length > 0) {
          throw conflict('TAKE_AT_ONCE', 'body.leaveType', '假別', `${options.label}應一次請畢，本事件已有申請`);
        }
        const request = {
          formId: key,
          amount: charge.amount,
          at: ctx.clock(),
          on: options.on,
          label: options.label,
          ...(charge.sub ? { sub: charge.sub } : {}),
        };
        return options.replacing ? reserveReplacing(state, request, options.replacing) : reserve(state, request);
      });
      done.push(doc._id);
    }
  } catch (error) {
    for (const id of done) await mutateBalance(ctx, id, (state) => release(state, key));
    throw error;
  }
}

/** An approved form consumes its reserved charges; a withdrawn, rejected or cancelled one releases them. Idempotent. */
export async function settleCharges(
  ctx: LeaveContext,
  personId: string,
  key: string,
  charges: readonly BalanceCharge[],
  how: 'consume' | 'release',
): Promise<void> {
  for (const charge of charges) {
    await mutateBalance(ctx, balanceId(personId, charge.ledger, charge.period), (state) =>
      how === 'consume' ? consume(state, key) : release(state, key),
    );
  }
}

/** Settle the charges of a form as it stands (its current submission round). */
export function settleForm(
  ctx: LeaveContext,
  form: Pick<FormDoc, '_id' | 'applicantId' | 'submission' | 'charges'>,
  how: 'consume' | 'release',
): Promise<void> {
  return settleCharges(ctx, form.applicantId, chargeKey(form._id, form.submission), form.charges, how);
}

/** A manager's correction: an audited ledger entry with the reason and who made it. */
export async function correctBalance(
  ctx: LeaveContext,
  id: string,
  amount: number,
  note: string,
  actorId: string,
  events: readonly EventEnvelope[],
): Promise<BalanceDoc | undefined> {
  return mutateBalance(ctx, id, (state) => addEntry(state, { at: ctx.clock(), kind: 'correction', amount, note, actorId }), events);
}

/**
 * The balance a form's hours are held in, as it stands now (after them): what
 * its approvers are shown with the form (`details.balance` of the approval
 * events). Undefined for forms that hold no balance (overtime, 忘刷卡, per-event types).
 */
export async function balanceSnapshot(ctx: LeaveContext, form: Pick<FormDoc, 'applicantId' | 'charges'>): Promise<FormDetails['balance']> {
  const charge = form.charges[0];
  if (!charge) return undefined;
  const doc = await ctx.models.balances.findById(balanceId(form.applicantId, charge.ledger, charge.period)).lean<BalanceDoc>();
  if (!doc) return undefined;
  const now = ctx.clock();
  const today = taipeiLocal(now).date;
  const remaining = doc.grants ? compTimeShown(doc, today) : remainingOf(stateOf(doc), today);
  return {
    ledger: doc.ledger,
    period: doc.period,
    unit: doc.unit,
    remaining,
    remainingText: doc.unit === 'times' ? `${remaining}次` : formatDuration(Math.max(0, remaining), DAY_MINUTES),
    asOf: now.toISOString(),
  };
}
