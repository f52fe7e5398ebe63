import { z } from 'zod';
import { appIdSchema, employmentStatusSchema, scopedRoleSchema } from '@webitr/contracts';
import type { Person } from '../../models/person.ts';
import { compact } from '../../audit/entries.ts';

/**
 * How a person appears in the administration API and in the change log:
 * always with the national ID masked. The only way to the full number is the
 * audited view (usecases/view-national-id).
 */
export const personDetailSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    email: z.string().optional(),
    nationalIdMasked: z.string().meta({ description: 'e.g. A12*****89' }),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    title: z.string().optional(),
    jobCategory: z.string(),
    scheduleGroup: z.string().optional(),
    serviceStartDate: z.string().optional(),
    cardNumbers: z.array(z.string()),
    identities: z.array(z.object({ issuer: z.string(), subject: z.string() })),
    status: employmentStatusSchema,
    statusSince: z.string(),
    employment: z.array(
      z.object({ status: employmentStatusSchema, from: z.string(), until: z.string().optional(), reason: z.string().optional() }),
    ),
    assignments: z.array(z.object({ agencyId: z.string(), unitId: z.string().optional(), from: z.string(), until: z.string().optional() })),
    roles: z.array(scopedRoleSchema),
    apps: z.array(appIdSchema),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PersonDetail' });
export type PersonDetail = z.infer<typeof personDetailSchema>;

export function personDetail(person: Person, unitNames: ReadonlyMap<string, string> = new Map()): PersonDetail {
  return compact({
    id: person._id,
    agencyId: person.agencyId,
    name: person.name,
    email: person.email,
    nationalIdMasked: person.nationalIdMasked,
    unitId: person.unitId,
    unitName: person.unitId ? unitNames.get(person.unitId) : undefined,
    title: person.title,
    jobCategory: person.jobCategory,
    scheduleGroup: person.scheduleGroup,
    serviceStartDate: person.serviceStartDate,
    cardNumbers: person.cardNumbers ?? [],
    identities: (person.identities ?? []).map(({ issuer, subject }) => ({ issuer, subject })),
    status: person.status,
    statusSince: person.statusSince,
    employment: (person.employment ?? []).map((p) => compact({ status: p.status, from: p.from, until: p.until, reason: p.reason })),
    assignments: (person.assignments ?? []).map((a) => compact({ agencyId: a.agencyId, unitId: a.unitId, from: a.from, until: a.until })),
    roles: (person.roles ?? []).map(({ role, agencyId }) => ({ role, agencyId })),
    apps: person.apps ?? [],
    version: person.version,
    createdAt: new Date(person.createdAt).toISOString(),
    updatedAt: new Date(person.updatedAt).toISOString(),
  });
}

/** The fields the change log compares before and after (national ID masked). */
export function auditedFields(person: Partial<Person>): Record<string, unknown> {
  return {
    agencyId: person.agencyId,
    name: person.name,
    email: person.email,
    nationalIdMasked: person.nationalIdMasked,
    unitId: person.unitId,
    title: person.title,
    jobCategory: person.jobCategory,
    scheduleGroup: person.scheduleGroup,
    serviceStartDate: person.serviceStartDate,
    cardNumbers: person.cardNumbers,
    identities: person.identityKeys,
    status: person.status,
    statusSince: person.statusSince,
  };
}
