import { NotFoundError } from '@webitr/platform';
import type { ServiceClient } from '@webitr/platform';
import { DIRECTORY_INTERNAL_PATHS } from '@webitr/contracts';
import type { AgencySummary, PersonSummary, SupervisorChain } from '@webitr/contracts';
import type { Organisation } from '../domain/route.ts';

/** The organisation port, answered by the directory's internal API (cached there in Redis). */
export function directoryOrganisation(directory: ServiceClient): Organisation & { person(personId: string): Promise<PersonSummary> } {
  const person = (personId: string) => directory.get<PersonSummary>(DIRECTORY_INTERNAL_PATHS.person(personId));
  return {
    person,
    async supervisorChain(personId) {
      const { chain } = await directory.get<SupervisorChain>(DIRECTORY_INTERNAL_PATHS.supervisors(personId));
      return chain.map((link) => link.personId);
    },
    async unitHead(unitId) {
      const unit = await directory.get<{ headId?: string }>(DIRECTORY_INTERNAL_PATHS.unit(unitId)).catch(notFoundAs(undefined));
      return unit?.headId;
    },
    async agencyHead(agencyId) {
      const agency = await directory.get<AgencySummary>(DIRECTORY_INTERNAL_PATHS.agency(agencyId)).catch(notFoundAs(undefined));
      return agency?.headId;
    },
    async holdersOfRole(agencyId, role) {
      const { items } = await directory.get<{ items: PersonSummary[] }>(DIRECTORY_INTERNAL_PATHS.roleHolders(agencyId, role));
      return items.filter((p) => p.status === 'active').map((p) => p.id);
    },
    async isActive(personId) {
      const found = await person(personId).catch(notFoundAs(undefined));
      return found?.status === 'active';
    },
    async membersOf(agencyId) {
      const { items } = await directory.get<{ items: PersonSummary[] }>(DIRECTORY_INTERNAL_PATHS.agencyPeople(agencyId));
      return items.filter((p) => p.status === 'active').map((p) => ({ id: p.id, name: p.name, unitId: p.unitId, jobCategory: p.jobCategory }));
    },
  };
}

const notFoundAs =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof NotFoundError) return value;
    throw error;
  };
