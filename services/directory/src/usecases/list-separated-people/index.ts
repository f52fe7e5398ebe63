import { z } from 'zod';
import { separatedPeopleQuery, separatedPeopleResultSchema } from '@webitr/contracts';
import type { SeparatedPerson } from '@webitr/contracts';
import type { QueryFilter } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { compact } from '../../audit/entries.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from '../shared/fields.ts';

/**
 * 離職人員查詢 (seed 001, 11-2: people who no longer use WebITR): the agency's
 * separated people whose 離職 took effect in the period, newest first, with
 * the reason kept in their employment history. National IDs masked, as on
 * 基本資料維護; the full number stays behind view-national-id's audited reason.
 */
export const query = agencyIdParams.extend(separatedPeopleQuery.shape);
export type Query = z.infer<typeof query>;

export const result = separatedPeopleResultSchema;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function execute(ctx: DirectoryContext, actor: Actor, q: Query): Promise<z.infer<typeof result>> {
  const { agencyId } = q;
  authorize(actor, 'view-people', agencyId);
  const { Person, Unit } = ctx.models;
  // statusSince is a YYYY-MM-DD text: the period compares as text.
  const filter: QueryFilter<Person> = { agencyId, status: 'separated' };
  if (q.from || q.to) filter.statusSince = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
  if (q.name) filter.name = { $regex: escapeRegex(q.name) };
  const [total, people, units] = await Promise.all([
    Person.countDocuments(filter),
    Person.find(filter, {
      name: 1,
      nationalIdMasked: 1,
      unitId: 1,
      title: 1,
      jobCategory: 1,
      serviceStartDate: 1,
      statusSince: 1,
      employment: 1,
    })
      .sort({ statusSince: -1, name: 1, _id: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<Person[]>(),
    Unit.find({ agencyId }, { name: 1 }).lean(),
  ]);
  const unitNames = new Map(units.map((u) => [u._id, u.name]));
  return { total, page: q.page, pageSize: q.pageSize, items: people.map((p) => separatedPerson(p, unitNames)) };
}

function separatedPerson(p: Person, unitNames: ReadonlyMap<string, string>): SeparatedPerson {
  // The period the 離職 opened: the last one with that status.
  const period = [...(p.employment ?? [])].reverse().find((e) => e.status === 'separated');
  return compact({
    id: p._id,
    name: p.name,
    nationalIdMasked: p.nationalIdMasked,
    unitName: p.unitId ? unitNames.get(p.unitId) : undefined,
    title: p.title,
    jobCategory: p.jobCategory,
    serviceStartDate: p.serviceStartDate,
    separatedOn: p.statusSince,
    reason: period?.reason,
  });
}
