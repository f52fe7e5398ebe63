import { CORRECTION_LABEL, DIRECTION_LABEL, FORM_KIND_LABEL, LEAVE_TYPE_NAMES, PUNCH_CHANNEL_LABEL } from '@webitr/contracts';
import type { CorrectionState, CorrectionView, DayRecordView, FormKind, LeaveTypeCode } from '@webitr/contracts';
import { formatRocDateWithWeekday, taipeiInstant, taipeiLocal, addDays } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import { computeDay } from '../../domain/attendance.ts';
import type { AttendanceResult } from '../../domain/attendance.ts';
import { ANOMALIES } from '../../domain/attendance.ts';
import { attendanceScheduleOf } from '../../domain/schedules.ts';
import { inServiceOn, judgedOnOtherServiceDates, serviceDatesOf } from '../../domain/in-service.ts';
import type { ServiceDates } from '../../domain/in-service.ts';
import { dayId } from '../../models/attendance-day.ts';
import type { AttendanceDayDoc } from '../../models/attendance-day.ts';
import type { FormDoc } from '../../models/form.ts';
import type { PersonDoc } from '../../models/person.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { calendarOf } from './calendar.ts';
import { punchView } from './punches.ts';

/** A person as the records and reports name them, with the 班別 their days are judged by (and their service dates, when known). */
export interface RecordPerson extends ServiceDates {
  personId: string;
  name: string;
  unitId?: string | undefined;
  unitName?: string | undefined;
  scheduleGroup?: string | undefined;
}

/** A person as their copy of the directory says (name, unit, 班別, service dates); unnamed when the directory has none. */
export function recordPersonOf(personId: string, copy: PersonDoc | undefined): RecordPerson {
  return {
    personId,
    name: copy?.name ?? '',
    unitId: copy?.unitId,
    unitName: copy?.unitName,
    scheduleGroup: copy?.scheduleGroup,
    ...serviceDatesOf(copy ?? {}),
  };
}

/** Below this many person-days, the days are read one by one on their `_id` (FerretDB serves only a lone `_id` from an index). */
const BY_ID_LIMIT = 100;

const STATUS_LABEL: Record<CorrectionView['status'], string> = { approved: '已核准', requested: '申請中', cancelled: '已撤銷' };
const MISSING: Partial<Record<string, DayRecordView['missing']>> = { 'missing-in': 'in', 'missing-out': 'out', absent: 'both' };

/** The stored days of people over dates: by `_id` when few, else one query. */
async function storedDays(
  ctx: PunchCardIngestContext,
  ids: readonly string[],
  dates: readonly string[],
): Promise<Map<string, AttendanceDayDoc>> {
  const found: AttendanceDayDoc[] = [];
  if (ids.length * dates.length <= BY_ID_LIMIT) {
    const reads = ids.flatMap((id) => dates.map((date) => ctx.models.days.findById(dayId(id, date)).lean()));
    for (const day of await Promise.all(reads)) if (day) found.push(day);
  } else {
    found.push(...(await ctx.models.days.find({ personId: { $in: [...ids] }, date: { $gte: first(dates), $lte: last(dates) } }).lean()));
  }
  return new Map(found.map((d) => [d._id, d]));
}

/** The calendar of each date for the agency, read once per date. */
async function calendars(ctx: PunchCardIngestContext, agencyId: string, dates: readonly string[]): Promise<Map<string, CalendarEntry[]>> {
  const entries = await Promise.all(dates.map((date) => calendarOf(ctx, agencyId, date)));
  return new Map(dates.map((date, i) => [date, entries[i]!]));
}

/**
 * The days of people over dates, as 刷卡資料 and the reports show them: each
 * day's raw punches (when asked), its result, the approved forms covering it
 * and the 忘刷卡 forms correcting it, and whether a punch is still missing.
 * A stored result is used as it is; a day never computed (no punch, no form)
 * or computed before its end is judged here, in memory, from what it holds,
 * the person's 班別 and the calendar — reading writes nothing.
 */
export async function dayRecords(
  ctx: PunchCardIngestContext,
  agencyId: string,
  people: readonly RecordPerson[],
  dates: readonly string[],
  options: { punches: boolean },
): Promise<DayRecordView[]> {
  if (!people.length || !dates.length) return [];
  const ids = people.map((p) => p.personId);
  const from = first(dates);
  const to = last(dates);
  const [days, calendar, punches, forms] = await Promise.all([
    storedDays(ctx, ids, dates),
    calendars(ctx, agencyId, dates),
    options.punches
      ? ctx.models.punches
          .find({ personId: { $in: ids }, date: { $gte: from, $lte: to } })
          .sort({ at: 1 })
          .lean()
      : Promise.resolve([] as PunchDoc[]),
    // 忘刷卡 forms of the period (a punch form's start is the punch): approved, waiting, or cancelled.
    ctx.models.forms
      .find({
        personId: { $in: ids },
        kind: 'forgotten-punch',
        start: { $gte: taipeiInstant(from, '00:00'), $lt: taipeiInstant(addDays(to, 1), '00:00') },
      })
      .lean(),
  ]);
  const punchesOf = groupBy(punches, (p) => dayId(p.personId, p.date));
  const formsOf = groupBy(
    forms.filter((f) => f.start && (f.status === 'approved' || f.status === 'requested' || f.status === 'cancelled')),
    (f) => dayId(f.personId, taipeiLocal(f.start!).date),
  );
  const now = ctx.clock();
  const items: DayRecordView[] = [];
  for (const person of people) {
    const schedule = attendanceScheduleOf(person.scheduleGroup);
    for (const date of dates) {
      const key = dayId(person.personId, date);
      const day = days.get(key);
      const inService = inServiceOn(person, date);
      let result: AttendanceResult | undefined = day?.result;
      if (!result || result.code === 'in-progress' || result.code === 'future' || judgedOnOtherServiceDates(result.code, inService))
        result = computeDay({
          date,
          schedule,
          calendar: calendar.get(date) ?? [],
          ...(day?.firstIn ? { firstIn: day.firstIn } : {}),
          ...(day?.lastOut ? { lastOut: day.lastOut } : {}),
          forms: Object.values(day?.forms ?? {}),
          now,
          inService,
        });
      const corrections = (formsOf.get(key) ?? []).map(correctionView);
      const missing = MISSING[result.code] ?? null;
      const correction: CorrectionState | null = missing
        ? corrections.some((c) => c.status === 'requested')
          ? 'requested'
          : 'open'
        : corrections.some((c) => c.status === 'approved')
          ? 'corrected'
          : null;
      items.push({
        personId: person.personId,
        name: person.name,
        unitId: person.unitId ?? null,
        unitName: person.unitName ?? null,
        date,
        label: formatRocDateWithWeekday(date),
        punches: (punchesOf.get(key) ?? []).map((p) => {
          const { at, time, kind, channel } = punchView(p);
          return {
            at,
            time,
            kind,
            channel,
            channelLabel: PUNCH_CHANNEL_LABEL[channel],
            formId: p.source.startsWith('form:') ? p.source.slice(5) : null,
          };
        }),
        // A day judged without its punches (a closure, a holiday, leave) still shows the card's first and last.
        ...(result.in || result.out ? { in: result.in ?? null, out: result.out ?? null } : cardTimes(day)),
        result: result.label ? { code: result.code, label: result.label } : null,
        anomaly: ANOMALIES.has(result.code),
        lateMinutes: result.lateMinutes ?? 0,
        earlyMinutes: result.earlyMinutes ?? 0,
        forms: Object.entries(day?.forms ?? {}).map(([formId, f]) => ({
          formId,
          title: (f.leaveType && LEAVE_TYPE_NAMES[f.leaveType as LeaveTypeCode]) || FORM_KIND_LABEL[f.kind as FormKind] || f.kind,
          start: f.start.toISOString(),
          end: f.end.toISOString(),
        })),
        corrections,
        missing,
        correction,
        correctionLabel: correction ? CORRECTION_LABEL[correction] : null,
      });
    }
  }
  return items;
}

const hhmm = (at: Date) => {
  const { minutes } = taipeiLocal(at);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

function cardTimes(day: AttendanceDayDoc | undefined): { in: string | null; out: string | null } {
  const first = day?.firstIn;
  const last = day?.lastOut && (!first || day.lastOut.getTime() !== first.getTime()) ? day.lastOut : undefined;
  return { in: first ? hhmm(first) : null, out: last ? hhmm(last) : null };
}

function correctionView(f: FormDoc): CorrectionView {
  const status = f.status as CorrectionView['status'];
  const direction = f.punchDirection ?? null;
  return {
    formId: f._id,
    direction,
    directionLabel: direction ? DIRECTION_LABEL[direction] : '刷卡',
    time: hhmm(f.start!),
    status,
    statusLabel: STATUS_LABEL[status],
  };
}

/** Person-days judged at once by anomaliesOf (a chunk of people over the whole period). */
const DAYS_AT_ONCE = 20_000;

/**
 * The anomalies (出勤異常) of people over dates, judged as dayRecords judges
 * every day, a chunk of people at a time so that a year of a large agency is
 * never whole in memory; each kept only as `keep` makes it (a list item).
 */
export async function anomaliesOf<T>(
  ctx: PunchCardIngestContext,
  agencyId: string,
  people: readonly RecordPerson[],
  dates: readonly string[],
  keep: (record: DayRecordView) => T,
): Promise<T[]> {
  const found: T[] = [];
  const perChunk = Math.max(1, Math.floor(DAYS_AT_ONCE / Math.max(1, dates.length)));
  for (let i = 0; i < people.length; i += perChunk) {
    const records = await dayRecords(ctx, agencyId, people.slice(i, i + perChunk), dates, { punches: false });
    for (const record of records) if (record.anomaly) found.push(keep(record));
  }
  return found;
}

const first = (dates: readonly string[]) => dates.reduce((a, b) => (b < a ? b : a));
const last = (dates: readonly string[]) => dates.reduce((a, b) => (b > a ? b : a));

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
