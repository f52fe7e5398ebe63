import { taipeiLocal } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import { ANOMALIES, computeDay } from '../../domain/attendance.ts';
import { inServiceOn } from '../../domain/in-service.ts';
import { mayBeIn, mayBeOut } from '../../domain/punch-kinds.ts';
import type { PunchKind } from '../../domain/punch-kinds.ts';
import { attendanceScheduleOf } from '../../domain/schedules.ts';
import { dayId } from '../../models/attendance-day.ts';
import type { AttendanceDayDoc, CoveringForm, PendingDaysDoc } from '../../models/attendance-day.ts';
import type { PersonDoc } from '../../models/person.ts';
import { calendarOf } from './calendar.ts';
import { DayInputs } from './day-inputs.ts';
import { personOf } from './people.ts';
import { bulkErrorsOf, insertAll, raw } from './store.ts';

/** A day's possible clock-in and clock-out from some of its punches: what merging needs, not the punches. */
export interface DaySummary {
  firstIn?: Date;
  lastOut?: Date;
}

/** Fold a punch into its day's summary (in memory, during an upload). */
export function foldPunch(summary: DaySummary, at: Date, kind: PunchKind | undefined): void {
  if (mayBeIn(kind) && (!summary.firstIn || at < summary.firstIn)) summary.firstIn = at;
  if (mayBeOut(kind) && (!summary.lastOut || at > summary.lastOut)) summary.lastOut = at;
}

/**
 * Merge punches into a person's day: `$min`/`$max` on the day's `_id`, so
 * the same punches merged again (a redelivery, a re-upload, a job run a
 * crash cut short) change nothing.
 */
export async function mergeDay(
  ctx: PunchCardIngestContext,
  personId: string,
  agencyId: string,
  date: string,
  summary: DaySummary,
): Promise<void> {
  const update: Record<string, unknown> = { $setOnInsert: { personId, agencyId, date, forms: {}, anomaly: false } };
  if (summary.firstIn) update.$min = { firstIn: summary.firstIn };
  if (summary.lastOut) update.$max = { lastOut: summary.lastOut };
  await ctx.models.days.updateOne({ _id: dayId(personId, date) }, update, { upsert: true });
}

/**
 * Compute a person's day again from what it holds, the person's 班別 and the
 * calendar; the result is stored on the day. The single-day path (five reads
 * and a write): what computeDays does for many days at once must store the
 * same.
 */
export async function computeStoredDay(ctx: PunchCardIngestContext, personId: string, date: string): Promise<void> {
  const _id = dayId(personId, date);
  const day = await ctx.models.days.findById(_id).lean();
  const person = await personOf(ctx, personId);
  const agencyId = person?.agencyId ?? day?.agencyId;
  if (!agencyId) return;
  const calendar = await calendarOf(ctx, agencyId, date);
  const schedule = attendanceScheduleOf(person?.scheduleGroup);
  const result = computeDay({
    date,
    schedule,
    calendar,
    ...(day?.firstIn ? { firstIn: day.firstIn } : {}),
    ...(day?.lastOut ? { lastOut: day.lastOut } : {}),
    forms: Object.values(day?.forms ?? {}),
    now: ctx.clock(),
  });
  await ctx.models.days.updateOne(
    { _id },
    {
      $set: {
        result,
        anomaly: ANOMALIES.has(result.code),
        scheduleGroup: schedule.id,
        computedAt: ctx.clock(),
        ...(person?.unitId ? { unitId: person.unitId } : {}),
      },
      $setOnInsert: { personId, agencyId, date, forms: {} },
    },
    { upsert: true },
  );
}

/** The Taipei dates a period touches (a form's start to end). */
export function datesOf(start: Date, end: Date): string[] {
  const dates: string[] = [];
  const last = taipeiLocal(new Date(end.getTime() - 1)).date;
  for (let d = taipeiLocal(start).date; d <= last; d = nextDate(d)) dates.push(d);
  return dates;
}

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** A change to one person's day: punches to merge, covering forms to add (a form) or remove (null), or nothing (compute again). */
export interface DayChange {
  personId: string;
  /** The agency the day is stored under if it is new (the upload's, the form's, the person's). */
  agencyId: string;
  date: string;
  merge?: DaySummary;
  forms?: Record<string, CoveringForm | null>;
}

export interface ComputeOptions {
  /**
   * The stored days of the changes, as the caller read them (a recompute
   * streams them by agency and period): a day missing from the map is new.
   * Without it the days are read here, by `_id`.
   */
  stored?: Map<string, AttendanceDayDoc>;
  /**
   * Most of the days are new (an upload's, the morning's first punches): they
   * are inserted without being read first — one transaction for many on
   * FerretDB, where every update is a transaction of its own — and only
   * those that turn out to be stored are read and updated.
   */
  mostlyNew?: boolean;
  /** People and calendars already read in this run of work. */
  inputs?: DayInputs;
}

export interface ComputeReport {
  /** Days computed. */
  computed: number;
  /** New days inserted, stored days updated (the rest did not change and were not written). */
  inserted: number;
  updated: number;
}

export interface ComputedDays extends ComputeReport {
  /** Each day as now stored (as computed: a punch merged meanwhile by someone else aside). */
  days: Map<string, AttendanceDayDoc>;
}

/** Updates (and deletes) per bulkWrite: FerretDB never answers an update command of 100 statements or more. */
const UPDATES_PER_WRITE = 99;
/** New days per insertMany. */
const INSERTS_PER_WRITE = 1_000;
/** Up to this many days are read one by one (a lone `_id`, FerretDB's only indexed read); more, with one `$in`. */
const READ_ONE_BY_ONE = 50;

/**
 * Compute many days at once, with the same rules and the same stored result
 * as computeStoredDay: the people and their agencies' calendars read in bulk
 * (DayInputs), the days read in bulk (or handed over, or assumed new), the
 * pure domain rules applied in memory, and only the days whose stored state
 * changes written — new days with insertMany, stored ones with bulkWrite of
 * single-`_id` updates. Merges stay `$min`/`$max` and forms are set or
 * unset by id, so applying the same changes again writes nothing new and a
 * run a crash cut short only repeats work. As with the single-day path, a
 * punch merged by someone else between the read and the write is kept (the
 * `$min`/`$max`) but may be judged only at the day's next computation.
 */
export async function computeDays(ctx: PunchCardIngestContext, changes: DayChange[], options: ComputeOptions = {}): Promise<ComputedDays> {
  const report: ComputedDays = { computed: 0, inserted: 0, updated: 0, days: new Map() };
  const combined = combine(changes);
  if (combined.size === 0) return report;
  const inputs = options.inputs ?? new DayInputs(ctx);
  const stored = options.stored ?? (options.mostlyNew ? new Map<string, AttendanceDayDoc>() : await readDays(ctx, [...combined.keys()]));
  await loadInputs(inputs, combined.values(), stored);
  const now = ctx.clock();

  const inserts: AttendanceDayDoc[] = [];
  const updates: { id: string; change: DayChange; next: AttendanceDayDoc }[] = [];
  for (const [id, change] of combined) {
    const day = stored.get(id);
    const next = nextDay(inputs, change, day, now);
    report.computed += 1;
    report.days.set(id, next);
    if (!day) inserts.push(next);
    else if (!sameDay(day, next)) updates.push({ id, change, next });
  }

  // New days: inserted; one stored meanwhile (or already, when assumed new) is read and updated instead.
  const found: string[] = [];
  for (let i = 0; i < inserts.length; i += INSERTS_PER_WRITE) {
    const chunk = inserts.slice(i, i + INSERTS_PER_WRITE);
    const taken = await insertDays(ctx, chunk);
    report.inserted += chunk.length - taken.length;
    found.push(...taken);
  }
  if (found.length) {
    const again = await readDays(ctx, found);
    for (const id of found) {
      const day = again.get(id);
      // Days are never removed: one the insert found stored is there to read.
      if (!day) throw new Error(`day ${id} was stored, yet cannot be read`);
      const change = combined.get(id)!;
      await loadInputs(inputs, [change], again);
      const next = nextDay(inputs, change, day, now);
      report.days.set(id, next);
      if (!sameDay(day, next)) updates.push({ id, change, next });
    }
  }

  for (let i = 0; i < updates.length; i += UPDATES_PER_WRITE) {
    const chunk = updates.slice(i, i + UPDATES_PER_WRITE);
    await ctx.models.days.bulkWrite(
      chunk.map(({ id, change, next }) => ({ updateOne: { filter: { _id: id }, update: updateOf(change, next) } })),
      { ordered: false },
    );
    report.updated += chunk.length;
  }
  return report;
}

/** The changes by day: merges folded together, the last word on each form kept. */
function combine(changes: DayChange[]): Map<string, DayChange> {
  const byId = new Map<string, DayChange>();
  for (const c of changes) {
    const id = dayId(c.personId, c.date);
    const held = byId.get(id);
    if (!held) {
      byId.set(id, { ...c, ...(c.merge ? { merge: { ...c.merge } } : {}), ...(c.forms ? { forms: { ...c.forms } } : {}) });
      continue;
    }
    if (c.merge) {
      const merge = (held.merge ??= {});
      if (c.merge.firstIn && (!merge.firstIn || c.merge.firstIn < merge.firstIn)) merge.firstIn = c.merge.firstIn;
      if (c.merge.lastOut && (!merge.lastOut || c.merge.lastOut > merge.lastOut)) merge.lastOut = c.merge.lastOut;
    }
    if (c.forms) held.forms = { ...held.forms, ...c.forms };
  }
  return byId;
}

/** Stored days by `_id`: one by one when few (FerretDB serves a lone `_id` from its index), else one query. */
async function readDays(ctx: PunchCardIngestContext, ids: string[]): Promise<Map<string, AttendanceDayDoc>> {
  const docs =
    ids.length <= READ_ONE_BY_ONE
      ? (await Promise.all(ids.map((id) => ctx.models.days.findById(id).lean()))).filter((d) => d !== null)
      : await ctx.models.days.find({ _id: { $in: ids } }).lean();
  return new Map(docs.map((d) => [d._id, d]));
}

/** The people of the changes and each agency's calendar over the dates its people's days need. */
async function loadInputs(inputs: DayInputs, changes: Iterable<DayChange>, stored: Map<string, AttendanceDayDoc>): Promise<void> {
  const list = [...changes];
  await inputs.loadPeople(
    list.map((c) => c.personId),
    list.map((c) => c.agencyId),
  );
  const periods = new Map<string, { from: string; to: string }>();
  for (const c of list) {
    const agencyId = agencyOf(inputs.person(c.personId), c, stored.get(dayId(c.personId, c.date)));
    const p = periods.get(agencyId);
    if (!p) periods.set(agencyId, { from: c.date, to: c.date });
    else {
      if (c.date < p.from) p.from = c.date;
      if (c.date > p.to) p.to = c.date;
    }
  }
  for (const [agencyId, { from, to }] of periods) await inputs.loadCalendar(agencyId, from, to);
}

/** Whose calendar a day is judged by: the person's agency as the directory says, else where the day is stored. */
const agencyOf = (person: PersonDoc | undefined, change: DayChange, day: AttendanceDayDoc | undefined): string =>
  person?.agencyId ?? day?.agencyId ?? change.agencyId;

/** The day as it is to be stored: the change applied to what is stored, and the result computed (as computeStoredDay). */
function nextDay(inputs: DayInputs, change: DayChange, day: AttendanceDayDoc | undefined, now: Date): AttendanceDayDoc {
  const { personId, date } = change;
  const person = inputs.person(personId);
  const firstIn = earlier(day?.firstIn, change.merge?.firstIn);
  const lastOut = later(day?.lastOut, change.merge?.lastOut);
  const forms: Record<string, CoveringForm> = { ...(day?.forms ?? {}) };
  for (const [id, form] of Object.entries(change.forms ?? {})) {
    if (form) forms[id] = form;
    else delete forms[id];
  }
  const schedule = attendanceScheduleOf(person?.scheduleGroup);
  const result = computeDay({
    date,
    schedule,
    calendar: inputs.calendar(agencyOf(person, change, day), date),
    ...(firstIn ? { firstIn } : {}),
    ...(lastOut ? { lastOut } : {}),
    forms: Object.values(forms),
    now,
    inService: inServiceOn(person ?? {}, date),
  });
  const unitId = person?.unitId ?? day?.unitId;
  return {
    _id: dayId(personId, date),
    personId,
    agencyId: day?.agencyId ?? change.agencyId,
    date,
    ...(firstIn ? { firstIn } : {}),
    ...(lastOut ? { lastOut } : {}),
    forms,
    ...(unitId ? { unitId } : {}),
    scheduleGroup: schedule.id,
    result,
    anomaly: ANOMALIES.has(result.code),
    computedAt: now,
  };
}

const earlier = (a: Date | undefined, b: Date | undefined) => (a && b ? (b < a ? b : a) : (a ?? b));
const later = (a: Date | undefined, b: Date | undefined) => (a && b ? (b > a ? b : a) : (a ?? b));
const time = (d: Date | undefined) => d?.getTime();

/** Nothing to write: the same punches, forms and result as stored (computedAt aside). */
function sameDay(day: AttendanceDayDoc, next: AttendanceDayDoc): boolean {
  return (
    time(day.firstIn) === time(next.firstIn) &&
    time(day.lastOut) === time(next.lastOut) &&
    day.unitId === next.unitId &&
    day.scheduleGroup === next.scheduleGroup &&
    day.anomaly === next.anomaly &&
    JSON.stringify(day.forms ?? {}) === JSON.stringify(next.forms) &&
    JSON.stringify(day.result ?? null) === JSON.stringify(next.result)
  );
}

/** The update of a stored day: merges as `$min`/`$max` (a punch merged meanwhile is kept), forms by id, the result set. */
function updateOf(change: DayChange, next: AttendanceDayDoc): Record<string, unknown> {
  const set: Record<string, unknown> = {
    result: next.result,
    anomaly: next.anomaly,
    scheduleGroup: next.scheduleGroup,
    computedAt: next.computedAt,
    ...(next.unitId ? { unitId: next.unitId } : {}),
  };
  const unset: Record<string, ''> = {};
  for (const [id, form] of Object.entries(change.forms ?? {})) {
    if (form) set[`forms.${id}`] = form;
    else unset[`forms.${id}`] = '';
  }
  return {
    $set: set,
    ...(Object.keys(unset).length ? { $unset: unset } : {}),
    ...(change.merge?.firstIn ? { $min: { firstIn: change.merge.firstIn } } : {}),
    ...(change.merge?.lastOut ? { $max: { lastOut: change.merge.lastOut } } : {}),
  };
}

/** Insert new days, unordered; answers the ids already stored (someone stored them first). */
async function insertDays(ctx: PunchCardIngestContext, docs: AttendanceDayDoc[]): Promise<string[]> {
  try {
    await raw(ctx.models.days.collection).insertMany(docs, { ordered: false });
    return [];
  } catch (error) {
    const errors = bulkErrorsOf(error);
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw error;
    return errors.map((e) => docs[e.index]!._id);
  }
}

/** Days of an agency (`*`: every agency) over a period, recomputed `CHUNK` at a time from one streamed query. */
const CHUNK = 2_000;

/**
 * Compute again every stored day of an agency (`*`: of every agency) in a
 * period — a calendar change (a typhoon closure declared after the fact), a
 * month closed again: the days streamed by one query (agency and date, or
 * date alone), the people and calendars read once for the whole run.
 */
export async function recomputeStoredDays(
  ctx: PunchCardIngestContext,
  scope: { agencyId: string; from: string; to: string },
): Promise<ComputeReport> {
  const total: ComputeReport = { computed: 0, inserted: 0, updated: 0 };
  const inputs = new DayInputs(ctx);
  const period = { date: { $gte: scope.from, $lte: scope.to } };
  const filter = scope.agencyId === '*' ? period : { agencyId: scope.agencyId, ...period };
  let chunk: AttendanceDayDoc[] = [];
  const flush = async () => {
    const stored = new Map(chunk.map((d) => [d._id, d]));
    const r = await computeDays(
      ctx,
      chunk.map((d) => ({ personId: d.personId, agencyId: d.agencyId, date: d.date })),
      { stored, inputs },
    );
    total.computed += r.computed;
    total.inserted += r.inserted;
    total.updated += r.updated;
    chunk = [];
  };
  // Closed even when a write fails (a mongoose cursor is not closed by leaving its loop; see workPendingDays).
  const cursor = ctx.models.days.find(filter).lean<AttendanceDayDoc[]>().cursor({ batchSize: CHUNK });
  try {
    for await (const day of cursor) {
      chunk.push(day);
      if (chunk.length >= CHUNK) await flush();
    }
  } finally {
    await cursor.close();
  }
  if (chunk.length) await flush();
  return total;
}

/**
 * Pending work per batch: entries (one per person and upload) up to this
 * many, or as many as hold this many days (an entry may hold 100 days of a
 * person), so a batch's days in memory stay bounded.
 */
export interface PendingBatch {
  entries: number;
  days: number;
  /** Entries read from the store per round trip. */
  readSize: number;
}
const PENDING_BATCH: PendingBatch = { entries: 1_000, days: 20_000, readSize: 100 };

/**
 * Work the pending days uploads left (attendance_pending): merge each
 * person's punches into their days and compute them (computeDays, most days
 * new), then remove the entries. Each step can run twice without harm, so a
 * crash only repeats work. Answers how many entries were worked (0: none left).
 */
export async function workPendingDays(
  ctx: PunchCardIngestContext,
  inputs = new DayInputs(ctx),
  batch: PendingBatch = PENDING_BATCH,
): Promise<number> {
  const pending: PendingDaysDoc[] = [];
  let days = 0;
  let more = false;
  // Closed explicitly: leaving a loop over a mongoose cursor early does not close it, and
  // on FerretDB an open cursor holds one of the store's SQLite connections — enough of them
  // left open (one per pass over a long queue: the morning rush) and every write waits forever.
  const cursor = ctx.models.pending.find({}).lean<PendingDaysDoc[]>().cursor({ batchSize: batch.readSize });
  try {
    for (let entry = await cursor.next(); entry; entry = await cursor.next()) {
      pending.push(entry);
      days += Object.keys(entry.days).length;
      if (pending.length >= batch.entries || days >= batch.days) {
        more = true;
        break;
      }
    }
  } finally {
    await cursor.close();
  }
  if (pending.length === 0) return 0;
  // The raw punches entries carry (web punches) first: stored again, they are stored once (by `_id`).
  const carried = pending.flatMap((e) => e.punches ?? []).map((p) => ({ ...p, at: new Date(p.at), recordedAt: new Date(p.recordedAt) }));
  for (let i = 0; i < carried.length; i += 1_000) await insertAll(raw(ctx.models.punches.collection), carried.slice(i, i + 1_000));
  await computeDays(ctx, changesOf(pending), { mostlyNew: true, inputs });
  await removeEntries(
    ctx,
    pending.map((p) => p._id),
    more,
  );
  return pending.length;
}

/**
 * Remove worked entries. When more are left (a long queue: a month's card
 * files), by their `_id`s, one statement each, 99 to a command: a lone `_id` is
 * looked up through the index on MongoDB and FerretDB alike, where FerretDB
 * serves `{ _id: { $in } }` by reading every entry left — at 20,000 people
 * half the attendance job's time went into those reads. When the pass took
 * all there were (the morning rush's few), one `$in`: reading about as many
 * as it removes, in one write instead of one a statement.
 */
async function removeEntries(ctx: PunchCardIngestContext, ids: string[], more: boolean): Promise<void> {
  if (!more) {
    await ctx.models.pending.deleteMany({ _id: { $in: ids } });
    return;
  }
  for (let i = 0; i < ids.length; i += UPDATES_PER_WRITE)
    await ctx.models.pending.bulkWrite(
      ids.slice(i, i + UPDATES_PER_WRITE).map((_id) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
}

/** The day changes pending entries hold. */
export function changesOf(pending: PendingDaysDoc[]): DayChange[] {
  const changes: DayChange[] = [];
  for (const entry of pending)
    for (const [date, { in: firstIn, out: lastOut }] of Object.entries(entry.days))
      changes.push({
        personId: entry.personId,
        agencyId: entry.agencyId,
        date,
        merge: { ...(firstIn ? { firstIn: new Date(firstIn) } : {}), ...(lastOut ? { lastOut: new Date(lastOut) } : {}) },
      });
  return changes;
}
