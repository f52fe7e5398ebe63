import { directoryInternalApi } from '@webitr/contracts';
import type { ApiClient, PersonSummary } from '@webitr/contracts';
import { NotFoundError, UnavailableError } from '@webitr/platform';
import type { Logger } from '@webitr/platform';
import type { Model } from 'mongoose';
import { parseDate } from '@webitr/work-calendar';
import { directoryFactsSchema, ruleSetFor } from '../domain/people.ts';
import type { PersonProfile } from '../domain/people.ts';
import type { PersonProfileDoc } from '../models/person-profile.ts';

/** The directory's internal API, as the leave service uses it (createApiClient(directoryInternalApi, …) in service.ts). */
export type DirectoryReader = Pick<ApiClient<typeof directoryInternalApi>, 'getPersonSummary'>;

/**
 * How the leave service learns about people: schedule group, start of
 * service, job category (→ rule set), agency and unit.
 */
export interface People {
  /** The person, or a NotFoundError `PERSON_NOT_FOUND`. */
  get(personId: string): Promise<PersonProfile>;
  /** A directory event said the person changed: read through again next time (conditional on the event id). */
  invalidate(personId: string, eventId: string): Promise<void>;
}

/**
 * People as the directory knows them: the local cache first (fresh for `ttlMs` unless a
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
    let summary: PersonSummary;
    try {
      summary = await this.#directory.getPersonSummary({ params: { personId } });
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError({ code: 'PERSON_NOT_FOUND', detail: `查無人員 ${personId}` });
      if (cached?.source && error instanceof UnavailableError) {
        this.#logger.warn({ personId, err: error.message }, 'directory unavailable; using the cached person');
        return toProfile(personId, cached);
      }
      throw error;
    }
    const source = directoryFactsSchema.parse(summary);
    const doc = await this.#model
      .findOneAndUpdate(
        { _id: personId },
        { $set: { source, fetchedAt: this.#now(), stale: false } },
        { upsert: true, returnDocument: 'after' },
      )
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
