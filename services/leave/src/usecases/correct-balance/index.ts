import { correctBalanceCommand } from '@webitr/contracts';
import type { BalanceCorrectionView, CorrectBalanceCommand } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import { invalid } from '../../domain/errors.ts';
import { effectiveRule } from '../../domain/policy.ts';
import { event } from '../../messaging/publishers.ts';
import { correctBalance, ensureBalance } from '../shared/balances.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';
import { loadPolicy } from '../shared/policies.ts';

export const command = correctBalanceCommand;
export type Command = CorrectBalanceCommand;

/** An attendance manager corrects a balance with a reason; the ledger keeps the entry (who, when, why) and an event says so. */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string, command: Command): Promise<BalanceCorrectionView> {
  const person = await ctx.people.get(personId);
  if (!mayIn(actor, 'correct-balances', person.agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可調整假別餘額' });
  const policy = await loadPolicy(ctx, person.agencyId);
  if (!effectiveRule(person.ruleSet ?? 'civil-servant', policy, command.ledger))
    throw invalid('LEAVE_TYPE_UNKNOWN', 'body.ledger', '假別', '此人的請假規則無此假別');
  const doc = await ensureBalance(ctx, person, policy, command.ledger, command.period);
  if ((doc.unit === 'times') !== (command.times !== undefined)) {
    throw invalid(
      'CORRECTION_UNIT',
      doc.unit === 'times' ? 'body.times' : 'body.hours',
      doc.unit === 'times' ? '調整次數' : '調整時數',
      doc.unit === 'times' ? '此假別以次計' : '此假別以時數計',
    );
  }
  const amount = doc.unit === 'times' ? command.times! : Math.round(command.hours! * 60);
  const corrected = event('leave.balance.corrected', {
    personId: person.id,
    agencyId: person.agencyId,
    ledger: command.ledger,
    period: command.period,
    amount,
    unit: doc.unit,
    reason: command.reason,
    actorId: actor.sub,
  });
  const next = await correctBalance(ctx, doc._id, amount, command.reason, actor.sub, [corrected]);
  return { id: doc._id, granted: next!.granted, entries: next!.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
}
