import { personDetailSchema } from '@webitr/contracts';
import type { PersonDetail } from '@webitr/contracts';
import type { Person } from '../../models/person.ts';
import { compact } from '../../audit/entries.ts';

/**
 * How a person appears in the administration API and in the change log:
 * always with the national ID masked (the schema is in contracts,
 * views/directory.ts). The only way to the full number is the audited view
 * (usecases/view-national-id).
 */
export { personDetailSchema };
export type { PersonDetail };

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
