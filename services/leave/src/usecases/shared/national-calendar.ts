import { createHash } from 'node:crypto';
import { ROC_YEAR_OFFSET, shippedNationalCalendars } from '@webitr/work-calendar';
import type { CalendarEntry, IsoDate, NationalCalendarYear } from '@webitr/work-calendar';
import { withOutbox } from '@webitr/platform';
import { LIVE } from '../../models/calendar-entry.ts';
import type { CalendarEntryDoc, NationalYearDoc } from '../../models/calendar-entry.ts';
import { event } from '../../messaging/publishers.ts';
import { NATIONAL } from './calendar.ts';
import { finishAgencyPendingRecalculations, recalculateCharges } from './recalculation.ts';
import type { Recalculated } from './recalculation.ts';
import type { LeaveContext } from '../../context.ts';

/** The kinds a national calendar file decides; national closures (停止上班, registered by hand) are not in it and stay. */
const FILE_KINDS = ['holiday', 'makeup-workday'] as const;

const checksumOf = (entries: readonly CalendarEntry[]) => createHash('sha256').update(JSON.stringify(entries)).digest('hex');
const yearReason = (year: number) => `${year - ROC_YEAR_OFFSET}年政府行政機關辦公日曆表變更`;

export interface NationalYearResult {
  year: number;
  rocYear: number;
  holidays: number;
  makeupWorkdays: number;
  changedDates: IsoDate[];
  recalculated: Recalculated[];
}

/**
 * Make the national entries of a year exactly the calendar's, recording the
 * dates that changed as pending before writing them, then recalculate the
 * forms covering them and clear what was done. Re-running with the same
 * calendar changes nothing.
 */
export async function applyNationalYear(
  ctx: LeaveContext,
  calendar: NationalCalendarYear,
  meta: Pick<NationalYearDoc, 'origin' | 'source' | 'importedBy'> & { published?: string },
): Promise<NationalYearResult> {
  const { year } = calendar;
  const existing = await ctx.models.calendar
    .find({ agencyId: NATIONAL, date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` }, ...LIVE })
    .lean();
  // National closures registered by hand stay, and are part of what the calendar holds on their dates.
  const byHand = existing.filter((e) => !(FILE_KINDS as readonly string[]).includes(e.kind));
  existing.splice(0, existing.length, ...existing.filter((e) => (FILE_KINDS as readonly string[]).includes(e.kind)));
  const wanted = new Map(calendar.entries.map((e) => [`${NATIONAL}|${e.date}|${e.kind}`, e]));
  const kindsOn = (entries: readonly { date: string; kind: string }[]) => {
    const map = new Map<string, string>();
    for (const e of entries) map.set(e.date, [map.get(e.date), e.kind].filter(Boolean).sort().join(','));
    return map;
  };
  const before = kindsOn(existing);
  const after = kindsOn(calendar.entries);
  const changedDates = [...new Set([...before.keys(), ...after.keys()])].filter((d) => before.get(d) !== after.get(d)).sort();
  const previous = await ctx.models.nationalYears.findById(String(year)).lean<NationalYearDoc>();
  const pendingDates = [...new Set([...(previous?.pendingDates ?? []), ...changedDates])].sort();
  const now = ctx.clock();
  const doc: NationalYearDoc = {
    _id: String(year),
    year,
    origin: meta.origin,
    source: meta.source,
    ...(meta.published ? { published: meta.published } : {}),
    checksum: checksumOf(calendar.entries),
    holidays: calendar.entries.filter((e) => e.kind === 'holiday').length,
    makeupWorkdays: calendar.entries.filter((e) => e.kind === 'makeup-workday').length,
    pendingDates,
    importedBy: meta.importedBy,
    importedAt: now,
  };
  // What each changed date holds now, published from the outbox of an entry written for that date (added, kept or
  // removed: a tombstone), in the same write: daily attendance of those dates is computed again.
  // A shipped year imported for the first time says nothing new: where no event has said otherwise, the other
  // services read the same shipped files (a service's first start would otherwise send hundreds of events).
  const announce = previous !== null || meta.origin !== 'shipped' ? changedDates : [];
  const changed = new Map(
    announce.map((date) => [
      date,
      event('leave.calendar.changed', {
        agencyId: NATIONAL,
        date,
        entries: [...calendar.entries.filter((e) => e.date === date), ...byHand.filter((e) => e.date === date)].map((e) => ({
          kind: e.kind,
          name: e.name,
          ...(e.from ? { from: e.from } : {}),
          ...(e.to ? { to: e.to } : {}),
        })),
      }),
    ]),
  );
  /** The date's event, the first time a write for that date asks. */
  const eventsFor = (date: string) => {
    const found = changed.get(date);
    changed.delete(date);
    return found ? [found] : [];
  };
  // The year's record goes first with its pending dates but without its checksum, which is set only once
  // every entry is written: a write cut half-way leaves a year the next start applies again.
  await ctx.models.nationalYears.replaceOne({ _id: doc._id }, { ...doc, checksum: '' }, { upsert: true });

  // Entries the file no longer holds stay as tombstones (the calendar's reads skip them), one of them carrying its date's event.
  for (const gone of existing.filter((e) => !wanted.has(e._id)))
    await ctx.models.calendar.updateOne(
      { _id: gone._id },
      withOutbox<CalendarEntryDoc>({ $set: { removedAt: now, removedBy: meta.importedBy } }, eventsFor(gone.date)),
    );
  const writes = calendar.entries.map((e) => ({
    updateOne: {
      filter: { _id: `${NATIONAL}|${e.date}|${e.kind}` },
      update: withOutbox<CalendarEntryDoc>(
        {
          $set: { agencyId: NATIONAL, date: e.date, kind: e.kind, name: e.name },
          // An entry removed by hand that the file holds again is in force again.
          $unset: { removedAt: 1, removedBy: 1 },
          $setOnInsert: { createdBy: meta.importedBy, createdAt: now },
        },
        eventsFor(e.date),
      ),
      upsert: true,
    },
  }));
  if (writes.length) await ctx.models.calendar.bulkWrite(writes, { ordered: false });
  await ctx.models.nationalYears.updateOne({ _id: doc._id }, { $set: { checksum: doc.checksum } });

  const recalculated = await finishPending(ctx, doc);
  return { year, rocYear: year - ROC_YEAR_OFFSET, holidays: doc.holidays, makeupWorkdays: doc.makeupWorkdays, changedDates, recalculated };
}

/** Recalculate the forms covering a year's pending dates; the dates are cleared only when every form was done. */
async function finishPending(ctx: LeaveContext, doc: Pick<NationalYearDoc, '_id' | 'year' | 'pendingDates'>): Promise<Recalculated[]> {
  if (!doc.pendingDates.length) return [];
  const { recalculated, failed } = await recalculateCharges(ctx, NATIONAL, doc.pendingDates, yearReason(doc.year));
  if (!failed) await ctx.models.nationalYears.updateOne({ _id: doc._id }, { $pullAll: { pendingDates: doc.pendingDates } });
  return recalculated;
}

/** Reconciliation: years, and agencies' own calendar changes, whose recalculation a crash or a failure left unfinished. */
export async function finishPendingRecalculations(ctx: LeaveContext): Promise<void> {
  // A handful of documents, one per year: filtered here rather than by an array condition FerretDB may not match alike.
  const years = await ctx.models.nationalYears.find().lean<NationalYearDoc[]>();
  for (const doc of years) if (doc.pendingDates?.length) await finishPending(ctx, doc);
  await finishAgencyPendingRecalculations(ctx);
}

/**
 * At start: every shipped year not yet imported, or imported from an older
 * shipped file, is applied; a year an administrator uploaded is theirs and is
 * left alone.
 */
export async function seedNationalCalendars(ctx: LeaveContext): Promise<void> {
  for (const { source, calendar } of shippedNationalCalendars()) {
    const current = await ctx.models.nationalYears.findById(String(calendar.year)).lean<NationalYearDoc>();
    if (current && (current.origin === 'upload' || current.checksum === checksumOf(calendar.entries))) continue;
    await applyNationalYear(ctx, calendar, { origin: 'shipped', source: source.source, published: source.published, importedBy: 'system' });
  }
}
