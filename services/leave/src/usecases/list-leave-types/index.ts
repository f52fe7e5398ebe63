import { listLeaveTypesQuery } from '@webitr/contracts';
import type { LeaveTypesView, LeaveTypeView, ListLeaveTypesQuery } from '@webitr/contracts';
import { taipeiLocal } from '@webitr/work-calendar';
import { balanceLabel, compTimeShown, heldOf, remainingOf, subUsed } from '../../domain/balance.ts';
import { periodKeyOf, periodLabel, periodWord } from '../../domain/periods.ts';
import { effectiveRules } from '../../domain/policy.ts';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertFiles, assertSelfOrManager } from '../shared/access.ts';
import { ensureBalance } from '../shared/balances.ts';
import { loadPolicy } from '../shared/policies.ts';

export const query = listLeaveTypesQuery;

export type Query = ListLeaveTypesQuery;

/**
 * 差假申請 screen: the types the person may take, each with its remaining
 * balance as the seed shows it (`休假 剩餘: 30日0小時`, `公假 剩餘: 20次(年)`).
 * Balances not yet allocated for the period are allocated now.
 */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string, query: Query): Promise<LeaveTypesView> {
  const { on } = query;
  const person = await ctx.people.get(personId);
  assertSelfOrManager(actor, person);
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
      if (rule.countsIn?.capDays !== undefined)
        remaining = Math.min(remaining, rule.countsIn.capDays * DAY_MINUTES - subUsed(doc, rule.code));
      view.balance = {
        ledger,
        period,
        periodLabel: periodLabel(period),
        unit: doc.unit,
        granted: doc.granted,
        ...heldOf(doc),
        remaining,
        label: balanceLabel(rule.name, doc.unit, remaining, periodWord(rule.period)),
      };
    }
    types.push(view);
  }
  return { personId: person.id, ruleSet: person.ruleSet!, on: date, types };
}
