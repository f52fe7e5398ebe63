import type { Clock, Logger, Redis } from '@webitr/platform';
import type { ChangeJournal } from './audit/journal.ts';
import type { Models } from './models/index.ts';
import type { NationalIdProtector } from './personal-data/cipher.ts';

/** What every use case works with; built once in service.ts. */
export interface DirectoryContext {
  models: Models;
  redis: Redis;
  protector: NationalIdProtector;
  journal: ChangeJournal;
  /** The outbox relay: kicked after every write that added events. */
  relay: { kick(): void };
  clock: Clock;
  logger: Logger;
  cacheTtlSeconds: number;
  importMaxBytes: number;
}

/** The service name written into every event it produces. */
export const PRODUCER = 'directory';
