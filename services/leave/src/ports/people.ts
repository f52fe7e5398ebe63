import type { PersonProfile } from '../domain/people.ts';

/**
 * The port through which the leave service learns about people: schedule
 * group, start of service, job category (→ rule set), agency and unit. The
 * directory is the adapter behind it (adapters/directory-people.ts), with a
 * local cache that the directory's events invalidate.
 */
export interface People {
  /** The person, or a NotFoundError `PERSON_NOT_FOUND`. */
  get(personId: string): Promise<PersonProfile>;
  /** A directory event said the person changed: read through again next time (conditional on the event id). */
  invalidate(personId: string, eventId: string): Promise<void>;
}

/** The directory's view of a person as the adapter reads it (PersonSummary and the leave-relevant optional fields). */
export interface DirectoryPerson {
  id: string;
  name: string;
  agencyId: string;
  agencyName?: string;
  unitId?: string;
  unitName?: string;
  status: 'active' | 'leave-without-pay' | 'separated';
  jobCategory?: string;
  title?: string;
  scheduleGroup?: string;
  serviceStartDate?: string;
}

/** The directory's internal read API, as the leave service uses it. */
export interface DirectoryReader {
  /** undefined when the directory says there is no such person. */
  person(personId: string): Promise<DirectoryPerson | undefined>;
}
