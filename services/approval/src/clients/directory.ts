import { NotFoundError } from '@webitr/platform';
import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import type { ApiTransport, PersonSummary } from '@webitr/contracts';
import type { Organisation } from '../domain/route.ts';

/** The organisation port, answered by the directory's internal API (cached there in Redis). */
export function directoryOrganisation(transport: ApiTransport): Organisation & { person(personId: string): Promise<PersonSummary> } {
  const directory = createApiClient(directoryInternalApi, transport);
  const person = (personId: string) => directory.getPersonSummary({ params: { personId } });
  return {
    person,
    async supervisorChain(personId) {
      const { chain } = await directory.getSupervisorChain({ params: { personId } });
      return chain.map((link) => link.personId);
    },
    async unitHead(unitId) {
      const unit = await directory.getUnitSummary({ params: { unitId } }).catch(notFoundAs(undefined));
      return unit?.headId;
    },
    async agencyHead(agencyId) {
      const agency = await directory.getAgencySummary({ params: { agencyId } }).catch(notFoundAs(undefined));
      return agency?.headId;
    },
    async holdersOfRole(agencyId, role) {
      const { items } = await directory.listRoleHolders({ params: { agencyId, role } });
      return items.filter((p) => p.status === 'active').map((p) => p.id);
    },
    async isActive(personId) {
      const found = await person(personId).catch(notFoundAs(undefined));
      return found?.status === 'active';
    },
    async membersOf(agencyId) {
      const { items } = await directory.listAgencyPeople({ params: { agencyId } });
      return items
        .filter((p) => p.status === 'active')
        .map((p) => ({ id: p.id, name: p.name, unitId: p.unitId, jobCategory: p.jobCategory }));
    },
  };
}

const notFoundAs =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof NotFoundError) return value;
    throw error;
  };
