import { NotFoundError } from '@webitr/platform';
import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import type { ApiTransport, PersonSummary } from '@webitr/contracts';

/** Recipients as the directory knows them (cached there in Redis): name, e-mail address, agency, status. */
export interface People {
  /** The person, or undefined when the directory has no such person. */
  person(personId: string): Promise<PersonSummary | undefined>;
}

export function directoryPeople(transport: ApiTransport): People {
  const directory = createApiClient(directoryInternalApi, transport);
  return {
    person: (personId) =>
      directory.getPersonSummary({ params: { personId } }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
  };
}
