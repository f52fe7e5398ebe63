import type { BalancesView } from '@webitr/contracts';
import { formatDuration, taipeiLocal } from '@webitr/work-calendar';
import { compTimeShown, heldOf, remainingOf } from '../../domain/balance.ts';
import { periodLabel } from '../../domain/periods.ts';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertSelfOrManager } from '../shared/access.ts';

/** Every balance document of a person (差勤資料查詢), newest period first, with its ledger entries (the audit trail). */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string): Promise<BalancesView> {
  const person = await ctx.people.get(personId);
  assertSelfOrManager(actor, person);
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
        ...heldOf(d),
        remaining,
        remainingText: d.unit === 'times' ? `${remaining}次` : formatDuration(Math.max(0, remaining), DAY_MINUTES),
        entries: d.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
        ...(d.grants ? { grants: d.grants } : {}),
      };
    }),
  };
}
