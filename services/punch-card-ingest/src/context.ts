import type { Clock, Logger } from '@webitr/platform';

/** What every use case works with; built once in service.ts. */
export interface PunchCardIngestContext {
  clock: Clock;
  logger: Logger;
}
