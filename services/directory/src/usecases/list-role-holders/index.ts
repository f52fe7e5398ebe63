import { z } from 'zod';
import { roleNameSchema } from '@webitr/contracts';
import type { PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { roleKey } from '../../models/person.ts';
import type { Person } from '../../models/person.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { buildPersonSummaries } from '../shared/person-summary.ts';

/** Employees are not a role to list (search them). */
export const query = agencyIdParams.extend({ role: roleNameSchema.exclude(['employee']) });
export type Query = z.infer<typeof query>;

/**
 * The people holding a role in an agency, e.g. its attendance managers (the
 * personnel countersign step) or its administrators (who can grant an app).
 * Unit supervisors are the heads of its units; employees are refused (use search).
 */
export async function execute(ctx: DirectoryContext, query: Query): Promise<{ items: PersonSummary[] }> {
  const { agencyId, role } = query;
  const { Person, Unit } = ctx.models;
  const filter =
    role === 'unit-supervisor'
      ? {
          _id: {
            $in: (await Unit.find({ agencyId, headPersonId: { $exists: true } }, { headPersonId: 1 }).lean()).map((u) => u.headPersonId!),
          },
          agencyId,
        }
      : { roleKeys: roleKey(role, agencyId) };
  const people = await Person.find(filter).sort({ name: 1, _id: 1 }).limit(500).lean<Person[]>();
  return { items: await buildPersonSummaries(ctx, people) };
}
