import { NotFoundError } from '@webitr/platform';
import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import type { ApiTransport, PersonSummary, UnitSummary } from '@webitr/contracts';

/** Recipients as the directory knows them (cached there in Redis): name, e-mail address, agency, status. */
export interface People {
  /** The person, or undefined when the directory has no such person. */
  person(personId: string): Promise<PersonSummary | undefined>;
  /** Every agency's id (the daily digest goes through them all). */
  agencyIds(): Promise<string[]>;
  /** The agency's attendance managers (人事), who get its anomaly count in the daily digest. */
  attendanceManagers(agencyId: string): Promise<PersonSummary[]>;
  /** A unit (its agency, name and the unit above it), or undefined when there is none: 人事公告's audience. */
  unit(unitId: string): Promise<UnitSummary | undefined>;
}

export function directoryPeople(transport: ApiTransport): People {
  const directory = createApiClient(directoryInternalApi, transport);
  return {
    person: (personId) =>
      directory.getPersonSummary({ params: { personId } }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    agencyIds: async () => (await directory.listAgencySummaries()).items.map((a) => a.id),
    attendanceManagers: async (agencyId) => (await directory.listRoleHolders({ params: { agencyId, role: 'attendance-manager' } })).items,
    unit: (unitId) =>
      directory.getUnitSummary({ params: { unitId } }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
  };
}
