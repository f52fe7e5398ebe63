import type { ApiClient, directoryInternalApi, PersonIdentity } from '@webitr/contracts';
import type { Clock, Logger } from '@webitr/platform';
import type { Models } from './models/index.ts';
import type { PunchWriter } from './usecases/shared/punch-writer.ts';

/** The directory's internal API as this service uses it: card holders, people, an agency's people (刷卡資料, reports). */
export type Directory = Pick<ApiClient<typeof directoryInternalApi>, 'findPeopleByCards' | 'getPersonSummary' | 'listAgencyPeople'>;

/** What every use case works with; built once in service.ts. */
export interface PunchCardIngestContext {
  models: Models;
  directory: Directory;
  /** How long a person read from the directory is used. */
  personTtlMs: number;
  /** Now: the only clock a punch is stamped with (never the client's). Tests fix it. */
  clock: Clock;
  /** Start computing pending days soon rather than at the job's next run. */
  kickAttendance: () => void;
  /** Web punches, written together (group commit). */
  webPunches: PunchWriter;
  logger: Logger;
}

/** The person acting, as the gateway asserted them. */
export type Actor = PersonIdentity;
