import type { IsoDate } from '@webitr/work-calendar';
import { conflict } from './errors.ts';
import { DAY_MINUTES } from './rules/types.ts';
import { formatDuration } from '@webitr/work-calendar';

/**
 * A balance: the ledger of one person, one leave type (or pool) and one period.
 * Allocations and corrections add to `granted`; each form holds one charge,
 * reserved while it is pending and consumed once approved, keyed by form id so
 * that every step is idempotent (a redelivered decision changes nothing).
 *
 * These functions are pure: the model reads a balance, applies one of them and
 * writes the result back on the condition that its version has not moved, so
 * two requests racing for the last hours cannot both win.
 */
export type BalanceUnit = 'minutes' | 'times';

export interface LedgerEntry {
  at: Date;
  /**
   * `recalculation`: how much a form's charge changed (+ given back) when the calendar changed; it does not change `granted`.
   * `recomputation`: the allocation brought to what the rules give now (a seniority date added or corrected, a policy change).
   */
  kind: 'allocation' | 'correction' | 'recalculation' | 'recomputation';
  amount: number;
  note: string;
  actorId?: string;
  formId?: string;
}

/** One form's draw on a balance. `counted` is what reduces the remaining (生理假's free days are not counted). */
export interface Charge {
  amount: number;
  counted: number;
  sub?: string;
  at: Date;
  /** Comp time only: minutes taken from each grant (overtime form id → minutes). */
  fromGrants?: Record<string, number>;
}

/** Comp time earned from one approved overtime form. */
export interface CompGrant {
  id: string;
  minutes: number;
  earnedOn: IsoDate;
  expiresOn: IsoDate;
}

export interface BalanceState {
  unit: BalanceUnit;
  granted: number;
  entries: LedgerEntry[];
  reserved: Record<string, Charge>;
  consumed: Record<string, Charge>;
  grants?: CompGrant[];
}

/** How a type draws on a pool it counts in: 家庭照顧假 inside 事假 (cap), 生理假 inside 病假 (free days). */
export interface SubRule {
  key: string;
  cap?: number;
  free?: number;
}

export const emptyBalance = (unit: BalanceUnit): BalanceState => ({ unit, granted: 0, entries: [], reserved: {}, consumed: {} });

const charges = (state: BalanceState): Charge[] => [...Object.values(state.reserved), ...Object.values(state.consumed)];

export const usedOf = (state: BalanceState): { reserved: number; consumed: number } => ({
  reserved: Object.values(state.reserved).reduce((s, c) => s + c.counted, 0),
  consumed: Object.values(state.consumed).reduce((s, c) => s + c.counted, 0),
});

export const subUsed = (state: BalanceState, key: string): number =>
  charges(state)
    .filter((c) => c.sub === key)
    .reduce((s, c) => s + c.amount, 0);

/** Minutes of a comp-time grant already drawn by forms. */
function grantUsed(state: BalanceState, grantId: string): number {
  return charges(state).reduce((s, c) => s + (c.fromGrants?.[grantId] ?? 0), 0);
}

/** Comp-time grants usable on `on` with what is left of each, oldest (soonest to expire) first. */
export function availableGrants(state: BalanceState, on: IsoDate): { grant: CompGrant; left: number }[] {
  return (state.grants ?? [])
    .filter((g) => g.expiresOn >= on && g.earnedOn <= on)
    .map((grant) => ({ grant, left: grant.minutes - grantUsed(state, grant.id) }))
    .filter((g) => g.left > 0)
    .sort((a, b) => a.grant.expiresOn.localeCompare(b.grant.expiresOn) || a.grant.earnedOn.localeCompare(b.grant.earnedOn));
}

/** Comp time shown on `on`: every grant not yet expired, including overtime approved ahead of the day it is worked. */
export function compTimeShown(state: BalanceState, on: IsoDate): number {
  return (state.grants ?? []).filter((g) => g.expiresOn >= on).reduce((s, g) => s + Math.max(0, g.minutes - grantUsed(state, g.id)), 0);
}

/** How much the balance holds for forms: reserved (pending) and consumed (approved), as counted. */
export function heldOf(state: BalanceState): { reserved: number; consumed: number } {
  const sum = (m: Record<string, { counted: number }>) => Object.values(m).reduce((s, c) => s + c.counted, 0);
  return { reserved: sum(state.reserved), consumed: sum(state.consumed) };
}

/** What is left: granted less every reserved and consumed charge; comp time: the grants still valid on `on`. */
export function remainingOf(state: BalanceState, on?: IsoDate): number {
  if (state.grants) return availableGrants(state, on ?? '0000-01-01').reduce((s, g) => s + g.left, 0);
  const { reserved, consumed } = usedOf(state);
  return state.granted - reserved - consumed;
}

export interface ReserveRequest {
  formId: string;
  amount: number;
  at: Date;
  /** The first date of the request (comp time must be valid on it). */
  on: IsoDate;
  sub?: SubRule;
  /** For messages: 休假, 事假 … */
  label: string;
}

const show = (unit: BalanceUnit, amount: number) => (unit === 'times' ? `${amount}次` : formatDuration(amount, DAY_MINUTES));

/**
 * Reserve a pending form's charge; the same form twice changes nothing. Throws 409 when the balance does not cover it,
 * unless `force` (a recalculation after the calendar changed: the days are owed whether or not the balance covers them).
 */
export function reserve(state: BalanceState, request: ReserveRequest, force = false): BalanceState {
  if (state.reserved[request.formId] || state.consumed[request.formId]) return state;
  const remaining = remainingOf(state, request.on);
  let counted = request.amount;
  if (request.sub) {
    const used = subUsed(state, request.sub.key);
    if (!force && request.sub.cap !== undefined && used + request.amount > request.sub.cap) {
      throw conflict(
        'SUB_QUOTA_EXCEEDED',
        'body.leaveType',
        '假別',
        `${request.label}已用${show(state.unit, used)}，上限${show(state.unit, request.sub.cap)}，不足本次${show(state.unit, request.amount)}`,
      );
    }
    if (request.sub.free !== undefined) counted = Math.max(0, request.amount - Math.max(0, request.sub.free - used));
  }
  if (!force && counted > remaining) {
    throw conflict(
      'INSUFFICIENT_BALANCE',
      'body.leaveType',
      '假別',
      `${request.label}剩餘${show(state.unit, Math.max(0, remaining))}，不足本次${show(state.unit, counted)}`,
    );
  }
  const charge: Charge = { amount: request.amount, counted, at: request.at, ...(request.sub ? { sub: request.sub.key } : {}) };
  if (state.grants) {
    let need = request.amount;
    const fromGrants: Record<string, number> = {};
    for (const { grant, left } of availableGrants(state, request.on)) {
      if (need <= 0) break;
      const take = Math.min(left, need);
      fromGrants[grant.id] = take;
      need -= take;
    }
    charge.fromGrants = fromGrants;
  }
  return { ...state, reserved: { ...state.reserved, [request.formId]: charge } };
}

/**
 * The key a form's charges are held under in a balance: its id for the first
 * submission, `<id>@<n>` for the n-th (a modification). A modification reserves
 * under its new key beside the old one and releases the old only once the form
 * is written, so a form that changed meanwhile (a decision, a withdrawal) keeps
 * exactly what it held.
 */
export function chargeKey(formId: string, submission: number): string {
  return submission <= 1 ? formId : `${formId}@${submission}`;
}

export function parseChargeKey(key: string): { formId: string; submission: number } {
  const at = key.lastIndexOf('@');
  return at < 0 ? { formId: key, submission: 1 } : { formId: key.slice(0, at), submission: Number(key.slice(at + 1)) };
}

/**
 * Reserve a modified form's new charge while its old one (`previous`) is still
 * held: the old counts as available for the check, but stays reserved until
 * the form is written and it is released.
 */
export function reserveReplacing(state: BalanceState, request: ReserveRequest, previous: string): BalanceState {
  const held = state.reserved[previous];
  if (!held || state.reserved[request.formId] || state.consumed[request.formId]) return reserve(state, request);
  const { [previous]: _held, ...others } = state.reserved;
  const next = reserve({ ...state, reserved: others }, request);
  return { ...next, reserved: { ...next.reserved, [previous]: held } };
}

/**
 * A form's charge measured again after the calendar changed (a holiday added or
 * removed inside it): the charge under `key` becomes `request.amount` (or goes,
 * when undefined), staying reserved or consumed as it was, and a
 * `recalculation` line records the difference with the reason. Only a charge
 * the balance still holds is measured again: a key with none (the form was
 * withdrawn or modified since it was read, and its round released) is never
 * charged anew — reconciliation restores a live form's missing charge.
 * Idempotent: a charge already of that amount changes nothing.
 */
export function recharge(state: BalanceState, key: string, request: ReserveRequest | undefined, note: string, at: Date): BalanceState {
  const before = state.reserved[key] ?? state.consumed[key];
  if (!before) return state;
  if (request && before.amount === request.amount) return state;
  const bucket = state.reserved[key] ? 'reserved' : 'consumed';
  let next = release(state, key);
  let counted = 0;
  if (request) {
    next = reserve(next, { ...request, formId: key }, true);
    const charge = next.reserved[key]!;
    counted = charge.counted;
    if (bucket === 'consumed') next = consume(next, key);
  }
  const difference = before.counted - counted;
  return {
    ...next,
    entries: [...next.entries, { at, kind: 'recalculation', amount: difference, note, formId: parseChargeKey(key).formId }],
  };
}

/** An approved form: its reserved charge becomes consumed (idempotent). */
export function consume(state: BalanceState, formId: string): BalanceState {
  const charge = state.reserved[formId];
  if (!charge) return state;
  const { [formId]: _moved, ...reserved } = state.reserved;
  return { ...state, reserved, consumed: { ...state.consumed, [formId]: charge } };
}

/** A withdrawn, rejected or cancelled form gives its charge back (idempotent). */
export function release(state: BalanceState, formId: string): BalanceState {
  if (!state.reserved[formId] && !state.consumed[formId]) return state;
  const { [formId]: _r, ...reserved } = state.reserved;
  const { [formId]: _c, ...consumed } = state.consumed;
  return { ...state, reserved, consumed };
}

/** An allocation (yearly grant) or a manager's correction; a correction may not take the balance below what is already used. */
export function addEntry(state: BalanceState, entry: LedgerEntry): BalanceState {
  const next = { ...state, granted: state.granted + entry.amount, entries: [...state.entries, entry] };
  if (entry.kind === 'correction' && !state.grants && remainingOf(next) < 0) {
    throw conflict(
      'CORRECTION_BELOW_USED',
      'body.amount',
      '調整數',
      `調整後剩餘為${show(state.unit, remainingOf(next))}，不得少於已使用及申請中的數量`,
    );
  }
  return next;
}

/** What the allocation entries (the first and every recomputation) add up to; managers' corrections are not part of it. */
export const allocatedOf = (state: BalanceState): number =>
  state.entries.filter((e) => e.kind === 'allocation' || e.kind === 'recomputation').reduce((s, e) => s + e.amount, 0);

/**
 * Bring a balance's allocation to what the rules give now, as one
 * `recomputation` entry of the difference; when it is there already, the
 * state is returned unchanged (so running it again writes nothing). Comp time
 * is granted by overtime, not allocated, and is left alone. A recomputation
 * may leave less than is already used: the ledger then shows it, as the
 * rules say, rather than refusing the change of seniority.
 */
export function recompute(state: BalanceState, target: number, note: string, at: Date): BalanceState {
  if (state.grants) return state;
  const difference = target - allocatedOf(state);
  if (difference === 0) return state;
  return {
    ...state,
    granted: state.granted + difference,
    entries: [...state.entries, { at, kind: 'recomputation', amount: difference, note }],
  };
}

/** Comp time earned from an approved overtime form (idempotent by the overtime form's id). */
export function addGrant(state: BalanceState, grant: CompGrant, at: Date): BalanceState {
  const grants = state.grants ?? [];
  if (grants.some((g) => g.id === grant.id)) return state;
  return {
    ...state,
    granted: state.granted + grant.minutes,
    grants: [...grants, grant],
    entries: [
      ...state.entries,
      { at, kind: 'allocation', amount: grant.minutes, note: `加班核准 ${grant.earnedOn}，補休期限至 ${grant.expiresOn}` },
    ],
  };
}

/** `休假 剩餘: 30日0小時`, `公假 剩餘: 20次(年)`, as the seed's apply screen shows them. */
export function balanceLabel(name: string, unit: BalanceUnit, remaining: number, per: '年' | '學年' | '' = '年'): string {
  return unit === 'times'
    ? `${name} 剩餘: ${remaining}次${per ? `(${per})` : ''}`
    : `${name} 剩餘: ${formatDuration(Math.max(0, remaining), DAY_MINUTES)}`;
}
