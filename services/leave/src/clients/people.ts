import { z } from 'zod';
import { DIRECTORY_INTERNAL_PATHS, employmentStatusSchema } from '@webitr/contracts';
import { NotFoundError, UnavailableError } from '@webitr/platform';
import type { Logger, ServiceClient } from '@webitr/platform';
import type { Model } from 'mongoose';
import { parseDate } from '@webitr/work-calendar';
import { ruleSetFor } from '../domain/people.ts';
import type { PersonProfile } from '../domain/people.ts';
import type { PersonProfileDoc } from '../models/person-profile.ts';
import type { DirectoryPerson, DirectoryReader, People } from '../ports/people.ts';

/** What the leave service reads of the directory's PersonSummary; fields it does not need are ignored. */
const directoryPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  agencyId: z.string(),
  agencyName: z.string().optional(),
  unitId: z.string().optional(),
  unitName: z.string().optional(),
  status: employmentStatusSchema,
  jobCategory: z.string().optional(),
  title: z.string().optional(),
  scheduleGroup: z.string().optional(),
  serviceStartDate: z.string().optional(),
});

/** The directory's `GET /internal/people/:id` through a service client (service assertion). */
export class DirectoryHttpReader implements DirectoryReader {
  readonly #client: ServiceClient;
  constructor(client: ServiceClient) {
    this.#client = client;
  }

  async person(personId: string): Promise<DirectoryPerson | undefined> {
    try {
      const body = await this.#client.get<unknown>(DIRECTORY_INTERNAL_PATHS.person(personId));
      return directoryPersonSchema.parse(body);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}

/**
 * The People port: the local cache first (fresh for `ttlMs` unless a
 * directory event marked it stale), then the directory; when the directory
 * cannot be reached, a stale copy is better than no answer.
 */
export class CachedDirectoryPeople implements People {
  readonly #model: Model<PersonProfileDoc>;
  readonly #directory: DirectoryReader;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  readonly #now: () => Date;

  constructor(options: { model: Model<PersonProfileDoc>; directory: DirectoryReader; ttlMs?: number; logger: Logger; now?: () => Date }) {
    this.#model = options.model;
    this.#directory = options.directory;
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#logger = options.logger.child({ module: 'people' });
    this.#now = options.now ?? (() => new Date());
  }

  async get(personId: string): Promise<PersonProfile> {
    const cached = await this.#model.findById(personId).lean<PersonProfileDoc>();
    const fresh = cached?.source && !cached.stale && cached.fetchedAt && this.#now().getTime() - cached.fetchedAt.getTime() < this.#ttlMs;
    if (fresh) return toProfile(personId, cached);
    let source: DirectoryPerson | undefined;
    try {
      source = await this.#directory.person(personId);
    } catch (error) {
      if (cached?.source && error instanceof UnavailableError) {
        this.#logger.warn({ personId, err: error.message }, 'directory unavailable; using the cached person');
        return toProfile(personId, cached);
      }
      throw error;
    }
    if (!source) throw new NotFoundError({ code: 'PERSON_NOT_FOUND', detail: `查無人員 ${personId}` });
    const { id: _id, ...fields } = source;
    const doc = await this.#model
      .findOneAndUpdate({ _id: personId }, { $set: { source: fields, fetchedAt: this.#now(), stale: false } }, { upsert: true, returnDocument: 'after' })
      .lean<PersonProfileDoc>();
    return toProfile(personId, doc!);
  }

  async invalidate(personId: string, eventId: string): Promise<void> {
    await this.#model.updateOne({ _id: personId, lastEventId: { $ne: eventId } }, { $set: { stale: true, lastEventId: eventId } });
  }
}

/** The directory's facts, with what the personnel office set here taking precedence. */
export function toProfile(personId: string, doc: PersonProfileDoc): PersonProfile {
  const source = doc.source!;
  const attendance = doc.attendance;
  const start = attendance?.serviceStartDate ?? (source.serviceStartDate ? parseDate(source.serviceStartDate) : undefined);
  const profile: PersonProfile = {
    id: personId,
    name: source.name,
    agencyId: source.agencyId,
    status: source.status,
    ruleSet: attendance?.ruleSet ?? ruleSetFor(source.jobCategory, source.title),
  };
  if (source.agencyName) profile.agencyName = source.agencyName;
  if (source.unitId) profile.unitId = source.unitId;
  if (source.unitName) profile.unitName = source.unitName;
  if (source.jobCategory) profile.jobCategory = source.jobCategory;
  if (source.title) profile.title = source.title;
  const group = attendance?.scheduleGroupId ?? source.scheduleGroup;
  if (group) profile.scheduleGroupId = group;
  if (start) profile.serviceStartDate = start;
  if (attendance?.sex) profile.sex = attendance.sex;
  return profile;
}
