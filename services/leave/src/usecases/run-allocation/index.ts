import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { toProfile } from '../../clients/people.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { allocatePerson, periodsOfYear } from '../shared/allocation.ts';
import { isManagerOf } from '../shared/access.ts';
import { loadPolicy } from '../shared/policies.ts';

export const command = z.object({
  year: z.number().int().min(2000).max(2100).meta({ title: '年度 (西元)' }),
});

export type Command = z.infer<typeof command>;

/**
 * The allocation run for a year (calendar-year ledgers) and the school year
 * starting in it (school-year ledgers), for every person of the agency the
 * leave service knows. Repeatable: missing balances are created, existing
 * ones are brought to what the rules give now (a 到職日期 added or corrected
 * since, a changed policy) with a `recomputation` entry of the difference, and
 * a second run with nothing changed writes nothing.
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, command: Command) {
  if (!isManagerOf(actor, agencyId)) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可執行年度核給' });
  const policy = await loadPolicy(ctx, agencyId);
  const docs = await ctx.models.people.find({ 'source.agencyId': agencyId }).lean();
  let balances = 0;
  let recomputed = 0;
  let people = 0;
  for (const doc of docs) {
    if (!doc.source) continue;
    // A person the directory said changed (directory.person.changed) is read through again: their seniority date may be new.
    const person: PersonProfile = doc.stale ? await ctx.people.get(doc._id) : toProfile(doc._id, doc);
    if (!person.ruleSet || person.status !== 'active' || person.agencyId !== agencyId) continue;
    people += 1;
    const done = await allocatePerson(ctx, person, policy, periodsOfYear(command.year), '年度核給，依現有人事資料重新計算');
    balances += done.balances;
    recomputed += done.recomputed;
  }
  return { agencyId, year: command.year, people, balances, recomputed };
}
