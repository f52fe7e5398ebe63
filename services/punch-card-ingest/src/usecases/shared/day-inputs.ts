import type { CalendarEntry } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import type { PersonDoc } from '../../models/person.ts';
import { calendarForPeriod } from './calendar.ts';
import { isFresh, refreshPeople } from './people.ts';

/**
 * Up to this many people are read one by one (a lone `_id` is FerretDB's only
 * indexed read); more, with one query for their agencies' copies, kept for the
 * run (FerretDB reads a whole collection for any other filter, so one query
 * per agency beats one per batch).
 */
const ONE_BY_ONE = 20;

/**
 * What computing many days needs besides the days themselves — the people
 * (agency, unit, 班別) and their agencies' calendars — read in bulk and kept
 * for one run of work (a job run, an event), so a month of 20,000 people
 * costs one query for the people and one per agency for the calendar rather
 * than five reads a day. The same rules as the single-day path: a copy of a
 * person older than the cache's lifetime, or none, is read through the
 * directory (refreshPeople).
 */
export class DayInputs {
  readonly #ctx: PunchCardIngestContext;
  readonly #people = new Map<string, PersonDoc | undefined>();
  /** Copies of whole agencies read in this run, fresh or not (the fresh ones are taken as they are). */
  readonly #copies = new Map<string, PersonDoc>();
  readonly #agenciesRead = new Set<string>();
  readonly #calendars = new Map<string, { from: string; to: string; of: (date: string) => CalendarEntry[] }>();

  constructor(ctx: PunchCardIngestContext) {
    this.#ctx = ctx;
  }

  /** Read the people not read yet in this run; `agencyIds`: the agencies they are expected in. */
  async loadPeople(personIds: Iterable<string>, agencyIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(personIds)].filter((id) => !this.#people.has(id));
    if (missing.length === 0) return;
    const stale: { personId: string; cached: PersonDoc | null }[] = [];
    if (missing.length <= ONE_BY_ONE && this.#agenciesRead.size === 0) {
      for (const id of missing) {
        const cached = await this.#ctx.models.people.findById(id).lean();
        if (cached && isFresh(this.#ctx, cached)) this.#people.set(id, cached);
        else stale.push({ personId: id, cached });
      }
    } else {
      const unread = [...new Set(agencyIds)].filter((a) => !this.#agenciesRead.has(a));
      if (unread.length) {
        for (const copy of await this.#ctx.models.people.find({ agencyId: { $in: unread } }).lean()) this.#copies.set(copy._id, copy);
        for (const a of unread) this.#agenciesRead.add(a);
      }
      for (const id of missing) {
        const cached = this.#copies.get(id) ?? null;
        if (cached && isFresh(this.#ctx, cached)) this.#people.set(id, cached);
        else stale.push({ personId: id, cached });
      }
    }
    // The rest as the single-day path reads them: through the directory.
    if (stale.length) for (const [id, doc] of await refreshPeople(this.#ctx, stale)) this.#people.set(id, doc);
  }

  /** A person read by loadPeople (undefined: the directory does not know them). */
  person(personId: string): PersonDoc | undefined {
    if (!this.#people.has(personId)) throw new Error(`person ${personId} not loaded`);
    return this.#people.get(personId);
  }

  /** Read an agency's calendar for a period (widening what this run has read of it). */
  async loadCalendar(agencyId: string, from: string, to: string): Promise<void> {
    const held = this.#calendars.get(agencyId);
    if (held && held.from <= from && held.to >= to) return;
    const wider = { from: held && held.from < from ? held.from : from, to: held && held.to > to ? held.to : to };
    this.#calendars.set(agencyId, { ...wider, of: await calendarForPeriod(this.#ctx, agencyId, wider.from, wider.to) });
  }

  /** What the calendar says of a date for an agency, from what loadCalendar read. */
  calendar(agencyId: string, date: string): CalendarEntry[] {
    const held = this.#calendars.get(agencyId);
    if (!held) throw new Error(`calendar of ${agencyId} not loaded`);
    return held.of(date);
  }
}
