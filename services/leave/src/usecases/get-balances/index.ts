import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { balanceLabel, compTimeShown, remainingOf, subUsed } from '../../domain/balance.ts';
import type { BalanceState } from '../../domain/balance.ts';
import { dateField, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { periodKeyOf, periodLabel } from '../../domain/periods.ts';
import { effectiveRules } from '../../domain/policy.ts';
import type { EffectiveRule } from '../../domain/policy.ts';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import { formatDuration } from '@webitr/work-calendar';
import type { BalanceDoc } from '../../models/balance.ts';
import { ensureBalance } from '../shared/balances.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertFiles, isManagerOf } from '../shared/forms.ts';
import { loadPolicy } from '../shared/policies.ts';

export const balancesQuery = z.object({ on: dateField('基準日').optional() });

export interface LeaveTypeView {
  code: string;
  name: string;
  unit: EffectiveRule['unit'];
  minimumMinutes: number;
  locationRequired: boolean;
  needsDeputy: boolean;
  attachmentRequired?: EffectiveRule['attachmentRequired'];
  eventRequired: boolean;
  declaration: boolean;
  source: string;
  overridden: string[];
  balance?: { ledger: string; period: string; periodLabel: string; unit: 'minutes' | 'times'; granted: number; reserved: number; consumed: number; remaining: number; label: string };
}

const per = (rule: EffectiveRule): '年' | '學年' | '' => (rule.period === 'calendar-year' ? '年' : rule.period === 'school-year' ? '學年' : '');

/**
 * 差假申請 screen: the types the person may take, each with its remaining
 * balance as the seed shows it (`休假 剩餘: 30日0小時`, `公假 剩餘: 20次(年)`).
 * Balances not yet allocated for the period are allocated now.
 */
export async function getLeaveTypes(ctx: LeaveContext, actor: Actor, personId: string, on?: IsoDate): Promise<{ personId: string; ruleSet: string; on: IsoDate; types: LeaveTypeView[] }> {
  const person = await ctx.people.get(personId);
  if (person.id !== actor.sub && !isManagerOf(actor, person.agencyId)) throw new ForbiddenError({ code: 'NOT_OWN_BALANCE', detail: '僅本人或差勤管理者可查詢' });
  assertFiles(person);
  const date = on ?? taipeiLocal(ctx.clock()).date;
  const policy = await loadPolicy(ctx, person.agencyId);
  const rules = effectiveRules(person.ruleSet!, policy).filter((r) => r.enabled);
  const types: LeaveTypeView[] = [];
  for (const rule of rules) {
    const view: LeaveTypeView = {
      code: rule.code,
      name: rule.name,
      unit: rule.unit,
      minimumMinutes: rule.minimumMinutes,
      locationRequired: rule.locationRequired,
      needsDeputy: rule.needsDeputy,
      ...(rule.attachmentRequired ? { attachmentRequired: rule.attachmentRequired } : {}),
      eventRequired: rule.quota.kind === 'per-event',
      declaration: rule.declaration === true,
      source: rule.source,
      overridden: rule.overridden,
    };
    const pooled = ['days', 'seniority', 'times', 'comp-time'].includes(rule.quota.kind);
    if (pooled && !(rule.code === 'menstrual')) {
      const ledger = rule.countsIn?.ledger ?? rule.code;
      const period = rule.quota.kind === 'comp-time' ? 'ALL' : periodKeyOf(rule.period, date);
      const doc = await ensureBalance(ctx, person, policy, ledger, period);
      let remaining = doc.grants ? compTimeShown(doc, date) : remainingOf(doc, date);
      if (rule.countsIn?.capDays !== undefined) remaining = Math.min(remaining, rule.countsIn.capDays * DAY_MINUTES - subUsed(doc, rule.code));
      view.balance = { ledger, period, periodLabel: periodLabel(period), unit: doc.unit, granted: doc.granted, ...usage(doc), remaining, label: balanceLabel(rule.name, doc.unit, remaining, per(rule)) };
    }
    types.push(view);
  }
  return { personId: person.id, ruleSet: person.ruleSet!, on: date, types };
}

function usage(doc: BalanceState): { reserved: number; consumed: number } {
  const sum = (m: Record<string, { counted: number }>) => Object.values(m).reduce((s, c) => s + c.counted, 0);
  return { reserved: sum(doc.reserved), consumed: sum(doc.consumed) };
}

/** Every balance document of a person (差勤資料查詢), newest period first, with its ledger entries (the audit trail). */
export async function listBalances(ctx: LeaveContext, actor: Actor, personId: string) {
  const person = await ctx.people.get(personId);
  if (person.id !== actor.sub && !isManagerOf(actor, person.agencyId)) throw new ForbiddenError({ code: 'NOT_OWN_BALANCE', detail: '僅本人或差勤管理者可查詢' });
  const docs = await ctx.models.balances.find({ personId: person.id }).sort({ period: -1 }).lean<BalanceDoc[]>();
  return {
    personId: person.id,
    items: docs.map((d) => {
      const today = taipeiLocal(ctx.clock()).date;
      const remaining = d.grants ? compTimeShown(d, today) : remainingOf(d, today);
      return {
        id: d._id,
        ledger: d.ledger,
        period: d.period,
        periodLabel: periodLabel(d.period),
        unit: d.unit,
        granted: d.granted,
        ...usage(d),
        remaining,
        remainingText: d.unit === 'times' ? `${remaining}次` : formatDuration(Math.max(0, remaining), DAY_MINUTES),
        entries: d.entries,
        ...(d.grants ? { grants: d.grants } : {}),
      };
    }),
  };
}
