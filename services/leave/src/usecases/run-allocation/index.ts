import { ForbiddenError } from '@webitr/platform';
import { runAllocationCommand } from '@webitr/contracts';
import type { AllocationPersonView, AllocationRunView, RunAllocationCommand } from '@webitr/contracts';
import { formatDuration } from '@webitr/work-calendar';
import { toProfile } from '../../clients/people.ts';
import { remainingOf } from '../../domain/balance.ts';
import type { BalanceUnit } from '../../domain/balance.ts';
import type { PersonProfile } from '../../domain/people.ts';
import { periodLabel } from '../../domain/periods.ts';
import { DAY_MINUTES, LEAVE_TYPE_NAMES } from '../../domain/rules/types.ts';
import { balanceId } from '../../models/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { allocatePerson, planAllocation, periodsOfYear } from '../shared/allocation.ts';
import type { PlannedLedger } from '../shared/allocation.ts';
import { mayIn } from '../shared/access.ts';
import { loadPolicy } from '../shared/policies.ts';

export const command = runAllocationCommand;
export type Command = RunAllocationCommand;

const amountText = (unit: BalanceUnit, amount: number) => (unit === 'times' ? `${amount}次` : formatDuration(amount, DAY_MINUTES));

/** 休假 of the period before the one allocated, left unused: shown beside the new grant, never added to it (no carry-over rule is encoded). */
async function annualLeftOf(ctx: LeaveContext, person: PersonProfile, lines: PlannedLedger[]): Promise<AllocationPersonView['annualLeft']> {
  const annual = lines.find((l) => l.ledger === 'annual');
  if (!annual) return undefined;
  const before = annual.period.startsWith('SY') ? `SY${Number(annual.period.slice(2)) - 1}` : String(Number(annual.period) - 1);
  const doc = await ctx.models.balances.findById(balanceId(person.id, 'annual', before)).lean<BalanceDoc>();
  if (!doc) return undefined;
  const remaining = remainingOf({ ...doc, entries: doc.entries ?? [], reserved: doc.reserved ?? {}, consumed: doc.consumed ?? {} });
  return { period: before, periodLabel: periodLabel(before), remaining, remainingText: amountText(doc.unit, Math.max(0, remaining)) };
}

/**
 * The allocation run for a year (calendar-year ledgers) and the school year
 * starting in it (school-year ledgers), for every person of the agency the
 * leave service knows. Repeatable: missing balances are created, existing
 * ones are brought to what the rules give now (a 到職日期 added or corrected
 * since, a changed policy) with a `recomputation` entry of the difference, and
 * a second run with nothing changed writes nothing. `dryRun` is the preview:
 * the same people and the same plan per person, nothing written.
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, command: Command): Promise<AllocationRunView> {
  if (!mayIn(actor, 'allocate-leave', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可執行年度核給' });
  const policy = await loadPolicy(ctx, agencyId);
  const docs = await ctx.models.people.find({ 'source.agencyId': agencyId }).lean();
  const periods = periodsOfYear(command.year);
  const items: AllocationPersonView[] = [];
  for (const doc of docs) {
    if (!doc.source) continue;
    // A person the directory said changed (directory.person.changed) is read through again: their seniority date may be new.
    const person: PersonProfile = doc.stale ? await ctx.people.get(doc._id) : toProfile(doc._id, doc);
    if (!person.ruleSet || person.status !== 'active' || person.agencyId !== agencyId) continue;
    const lines = command.dryRun
      ? await planAllocation(ctx, person, policy, periods)
      : await allocatePerson(ctx, person, policy, periods, '年度核給，依現有人事資料重新計算');
    const annualLeft = await annualLeftOf(ctx, person, lines);
    items.push({
      personId: person.id,
      name: person.name,
      ...(person.unitName ? { unitName: person.unitName } : {}),
      ...(person.serviceStartDate ? { serviceStartDate: person.serviceStartDate } : {}),
      ...(annualLeft ? { annualLeft } : {}),
      lines: lines.map((l) => ({
        ledger: l.ledger,
        name: LEAVE_TYPE_NAMES[l.ledger],
        period: l.period,
        periodLabel: periodLabel(l.period),
        unit: l.unit,
        amount: l.amount,
        amountText: amountText(l.unit, l.amount),
        ...(l.previous !== undefined ? { previous: l.previous } : {}),
        change: l.change,
        note: l.note,
      })),
    });
  }
  items.sort((a, b) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-Hant') || a.name.localeCompare(b.name, 'zh-Hant'));
  const lines = items.flatMap((i) => i.lines);
  return {
    agencyId,
    year: command.year,
    dryRun: command.dryRun,
    people: items.length,
    balances: lines.length,
    created: lines.filter((l) => l.change === 'new').length,
    recomputed: lines.filter((l) => l.change === 'recomputed').length,
    items,
  };
}
