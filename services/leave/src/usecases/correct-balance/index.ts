import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { invalid } from '../../domain/errors.ts';
import { effectiveRule } from '../../domain/policy.ts';
import { LEAVE_TYPE_CODES } from '../../domain/rules/types.ts';
import { event } from '../../messaging/publishers.ts';
import { correctBalance, ensureBalance } from '../shared/balances.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { isManagerOf } from '../shared/access.ts';
import { loadPolicy } from '../shared/policies.ts';

export const command = z
  .object({
    ledger: z.enum(LEAVE_TYPE_CODES).meta({ title: '假別' }),
    period: z
      .string()
      .regex(/^(\d{4}|SY\d{2,3}|EV\d{4}-\d{2}-\d{2}(-[a-z0-9-]+)?|ALL)$/, '期間格式為 2024、SY113、EV2024-05-01 或 ALL')
      .meta({ title: '期間' }),
    hours: z.number().multipleOf(0.5).min(-2000).max(2000).optional().meta({ title: '調整時數' }),
    times: z.number().int().min(-366).max(366).optional().meta({ title: '調整次數' }),
    reason: z.string().trim().min(1, '調整原因不得空白').max(200).meta({ title: '調整原因' }),
  })
  .refine((c) => (c.hours === undefined) !== (c.times === undefined), { message: '請填調整時數或調整次數其中之一', path: ['hours'] });

export type Command = z.infer<typeof command>;

/** An attendance manager corrects a balance with a reason; the ledger keeps the entry (who, when, why) and an event says so. */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string, command: Command) {
  const person = await ctx.people.get(personId);
  if (!isManagerOf(actor, person.agencyId))
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
  return { id: doc._id, granted: next!.granted, entries: next!.entries };
}
