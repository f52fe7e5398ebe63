import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { dateField } from '@webitr/work-calendar';
import { RULE_SET_IDS } from '../../domain/rules/types.ts';
import { SCHEDULE_GROUPS } from '../../domain/schedule-groups.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { allocatePerson, currentPeriods } from '../shared/allocation.ts';
import { isManagerOf } from '../shared/access.ts';
import { loadPolicy } from '../shared/policies.ts';

export const command = z.object({
  scheduleGroupId: z
    .enum(SCHEDULE_GROUPS.map((g) => g.id) as [string, ...string[]])
    .optional()
    .meta({ title: '差勤組別' }),
  serviceStartDate: dateField('年資起算日').optional(),
  sex: z.enum(['F', 'M']).optional().meta({ title: '性別' }),
  ruleSet: z.enum(RULE_SET_IDS).optional().meta({
    title: '適用請假規則',
    description:
      'civil-servant 公務人員請假規則; teacher 教師請假規則; teacher-admin 同規則之兼任行政職務教師及校長 (有休假). Without it: from 職務類別 and 職稱',
  }),
  filers: z.array(z.string().min(1).max(64)).max(20).optional().meta({ title: '代為申請人' }),
  reason: z.string().trim().min(1, '異動原因不得空白').max(200).meta({ title: '異動原因' }),
});

export type Command = z.infer<typeof command>;

/**
 * The personnel office sets what attendance needs and the directory does not
 * hold (yet): schedule group, seniority date, sex for the sex-restricted types,
 * the rule set when the job category does not decide it, and who may file for
 * the person. The latest change's who/when/why is kept with it.
 */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string, command: Command) {
  const person = await ctx.people.get(personId);
  if (!isManagerOf(actor, person.agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可設定人員差勤資料' });
  const { filers, reason, ...attributes } = command;
  const attendance = { ...attributes, updatedBy: actor.sub, updatedAt: ctx.clock(), reason };
  await ctx.models.people.updateOne({ _id: person.id }, { $set: { attendance, ...(filers ? { filers } : {}) } });
  const updated = await ctx.people.get(person.id);
  // A seniority date added or corrected (or another rule set) changes what this year's and this school year's balances should hold.
  if (updated.serviceStartDate !== person.serviceStartDate || updated.ruleSet !== person.ruleSet) {
    const what =
      updated.serviceStartDate !== person.serviceStartDate
        ? `到職日期${person.serviceStartDate ? `由 ${person.serviceStartDate} 更正` : '補登'}為 ${updated.serviceStartDate ?? '(未登錄)'}`
        : '適用請假規則變更';
    await allocatePerson(ctx, updated, await loadPolicy(ctx, updated.agencyId), currentPeriods(ctx.clock()), `${what}：${reason}`);
  }
  return updated;
}
