import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { ROC_YEAR_OFFSET } from '@webitr/work-calendar';
import { toProfile } from '../../adapters/directory-people.ts';
import { effectiveRules } from '../../domain/policy.ts';
import type { LeaveTypeCode } from '../../domain/rules/types.ts';
import type { Actor, LeaveContext } from '../shared/context.ts';
import { ensureBalance } from '../shared/balances.ts';
import { isManagerOf } from '../shared/forms.ts';
import { loadPolicy } from '../shared/policies.ts';

export const allocationCommand = z.object({
  year: z.number().int().min(2000).max(2100).meta({ title: '年度 (西元)' }),
});

/**
 * The allocation run for a new year (calendar-year ledgers) and the school year
 * starting in it (school-year ledgers), for every person of the agency the
 * leave service knows. Idempotent: a balance is created once per person,
 * ledger and period, so a second run (or a new hire's first request) adds
 * only what is missing.
 */
export async function runAllocation(ctx: LeaveContext, actor: Actor, agencyId: string, command: z.infer<typeof allocationCommand>) {
  if (!isManagerOf(actor, agencyId)) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可執行年度核給' });
  const policy = await loadPolicy(ctx, agencyId);
  const docs = await ctx.models.people.find({ 'source.agencyId': agencyId }).lean();
  let balances = 0;
  let people = 0;
  for (const doc of docs) {
    if (!doc.source) continue;
    const person = toProfile(doc._id, doc);
    if (!person.ruleSet || person.status !== 'active') continue;
    people += 1;
    const ledgers = new Map<LeaveTypeCode, string>();
    for (const rule of effectiveRules(person.ruleSet, policy)) {
      if (!rule.enabled || rule.countsIn || !['days', 'seniority', 'times'].includes(rule.quota.kind)) continue;
      const period = rule.period === 'school-year' ? `SY${command.year - ROC_YEAR_OFFSET}` : String(command.year);
      ledgers.set(rule.code, period);
    }
    for (const [ledger, period] of ledgers) {
      await ensureBalance(ctx, person, policy, ledger, period);
      balances += 1;
    }
  }
  return { agencyId, year: command.year, people, balances };
}
