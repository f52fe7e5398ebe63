import { z } from 'zod';
import type { QueryFilter } from 'mongoose';
import type { PersonIdentity } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import type { Unit } from '../../models/unit.ts';
import { compact } from '../../audit/entries.ts';
import { unitIdSchema } from '../shared/fields.ts';

/**
 * 代理人查詢: the colleagues a person may name as deputy — the active people of
 * their own agency (not those separated or on 留職停薪), themselves left out —
 * by part of a name or of a unit's name, or by unit. Any signed-in person of
 * the agency may search; the answer says only who someone is at work (name,
 * unit, title, id): no national ID, e-mail, phone or status. Paged, at most 50
 * a page, sorted by name.
 */
export const query = z.object({
  q: z.string().trim().min(1).max(50).optional().meta({ title: '姓名或單位', description: 'part of a name or of a unit name' }),
  unitId: unitIdSchema.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1).meta({ title: '頁次' }),
  pageSize: z.coerce.number().int().min(1).max(50).default(20).meta({ title: '每頁筆數' }),
});
export type ColleagueQuery = z.infer<typeof query>;

export const colleagueSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    title: z.string().optional(),
  })
  .meta({ id: 'Colleague' });
export const result = z
  .object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(colleagueSchema) })
  .meta({ id: 'ColleagueSearchResult' });

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The searcher is the signed-in person: their agency, themselves left out. */
export async function execute(ctx: DirectoryContext, actor: PersonIdentity, query: ColleagueQuery): Promise<z.infer<typeof result>> {
  const { Person, Unit } = ctx.models;
  const units = await Unit.find({ agencyId: actor.agencyId }, { name: 1 }).lean<Pick<Unit, '_id' | 'name'>[]>();
  const filter: QueryFilter<Person> = { agencyId: actor.agencyId, status: 'active', _id: { $ne: actor.sub } };
  if (query.unitId) filter.unitId = query.unitId;
  if (query.q) {
    const pattern = escapeRegex(query.q);
    const inUnits = units.filter((u) => u.name.includes(query.q!)).map((u) => u._id);
    filter.$or = [{ name: { $regex: pattern } }, ...(inUnits.length > 0 ? [{ unitId: { $in: inUnits } }] : [])];
  }
  const [total, people] = await Promise.all([
    Person.countDocuments(filter),
    Person.find(filter, { name: 1, unitId: 1, title: 1 })
      .sort({ name: 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<Pick<Person, '_id' | 'name' | 'unitId' | 'title'>[]>(),
  ]);
  const unitNames = new Map(units.map((u) => [u._id, u.name]));
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: people.map((p) =>
      compact({
        personId: p._id,
        name: p.name,
        unitId: p.unitId,
        unitName: p.unitId ? unitNames.get(p.unitId) : undefined,
        title: p.title,
      }),
    ),
  };
}
