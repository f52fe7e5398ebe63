import { dayKind, minutesOfDay, taipeiLocal, workingSpans } from '@webitr/work-calendar';
import type { CalendarEntry, IsoDate } from '@webitr/work-calendar';
import type { AttendanceSchedule } from './schedules.ts';

/**
 * The daily attendance result (出勤結果) of one person, from the day's first
 * possible clock-in and last possible clock-out, the approved forms touching
 * the day, the calendar and the schedule group. Pure: no models, no clock
 * but the `now` it is given.
 */
export type ResultCode =
  | 'normal' // 正常
  | 'late' // 遲到
  | 'early' // 早退
  | 'late-and-early' // 遲到、早退
  | 'missing-in' // 未刷上班卡
  | 'missing-out' // 未刷下班卡
  | 'absent' // 曠職
  | 'on-leave' // 請假 (covered by approved leave)
  | 'official-outing' // 公出
  | 'business-trip' // 出差
  | 'rest-day' // 休息日
  | 'regular-day-off' // 例假日
  | 'holiday' // 國定假日
  | 'special-day-off' // 機關特殊節日
  | 'closure' // 停止上班上課
  | 'not-in-service' // 未在職: a workday before 到職日 or while 留職停薪 holds, with nothing recorded
  | 'in-progress' // the day is not over yet
  | 'future';

export const RESULT_LABEL: Record<ResultCode, string> = {
  normal: '正常',
  late: '遲到',
  early: '早退',
  'late-and-early': '遲到、早退',
  'missing-in': '未刷上班卡',
  'missing-out': '未刷下班卡',
  absent: '曠職',
  'on-leave': '請假',
  'official-outing': '公出',
  'business-trip': '出差',
  'rest-day': '休息日',
  'regular-day-off': '例假日',
  holiday: '國定假日',
  'special-day-off': '特殊節日',
  closure: '停止上班上課',
  'not-in-service': '未在職',
  'in-progress': '',
  future: '',
};

/** The results managers review (出勤異常). */
export const ANOMALIES: ReadonlySet<ResultCode> = new Set(['late', 'early', 'late-and-early', 'missing-in', 'missing-out', 'absent']);

export interface AttendanceResult {
  code: ResultCode;
  label: string;
  /** Minutes after the latest allowed arrival (遲到), when late. */
  lateMinutes?: number;
  /** Minutes before the expected end (早退), when early. */
  earlyMinutes?: number;
  /** The clock-in and clock-out the result was judged on (HH:MM), as the week table shows them. */
  in?: string;
  out?: string;
}

export interface CoveringPeriod {
  kind: string;
  leaveType?: string;
  start: Date;
  end: Date;
}

export interface DayFacts {
  date: IsoDate;
  schedule: AttendanceSchedule;
  /** National and agency entries (holidays, make-up workdays, special days, closures). */
  calendar: readonly CalendarEntry[];
  firstIn?: Date;
  lastOut?: Date;
  /** Approved leave, 公出 and 出差 forms touching the day (overtime and forgotten punches do not cover time). */
  forms: readonly CoveringPeriod[];
  now: Date;
  /** Whether the person was in service that day (inServiceOn); unknown counts as in service. */
  inService?: boolean;
}

type Span = readonly [number, number];

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes of the Taipei day of `date` an instant falls at (before the day: negative; after it: past 1440). */
function minutesOn(date: IsoDate, instant: Date): number {
  const local = taipeiLocal(instant);
  const days = Math.round((Date.parse(`${local.date}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  return days * 1440 + local.minutes;
}

function subtract(spans: readonly Span[], [c, d]: Span): Span[] {
  return spans.flatMap(([a, b]): Span[] => {
    if (d <= a || c >= b) return [[a, b]];
    return [...(c > a ? [[a, c] as Span] : []), ...(d < b ? [[d, b] as Span] : [])];
  });
}

const coverCode = (form: CoveringPeriod): ResultCode =>
  form.leaveType === 'official-outing' ? 'official-outing' : form.leaveType === 'business-trip' ? 'business-trip' : 'on-leave';

const result = (code: ResultCode, extra: Omit<AttendanceResult, 'code' | 'label'> = {}): AttendanceResult => ({
  code,
  label: RESULT_LABEL[code],
  ...extra,
});

export function computeDay(facts: DayFacts): AttendanceResult {
  const { date, schedule, calendar, forms, now } = facts;
  const kind = dayKind(date, calendar);
  if (kind !== 'workday') return result(kind);
  const spans = workingSpans(date, schedule, calendar);
  if (spans.length === 0) return result('closure');
  // Not yet joined, or on 留職停薪: a workday with nothing recorded is nobody's 曠職.
  if (facts.inService === false && !facts.firstIn && !facts.lastOut && forms.length === 0) return result('not-in-service');

  // What approved forms leave of the working day; a day wholly covered is that form's.
  const covering = forms.filter((f) => f.kind === 'leave' || f.kind === 'comp-time');
  let left: Span[] = [...spans];
  for (const f of covering) left = subtract(left, [minutesOn(date, f.start), minutesOn(date, f.end)]);
  if (left.length === 0) return result(coverCode(covering[0]!));

  const expectedIn = left[0]![0];
  let expectedOut = left[left.length - 1]![1];
  let latestIn = expectedIn;
  // A flexible group's window applies when the day starts at the schedule's start (no morning leave).
  const scheduleStart = minutesOfDay(schedule.start);
  const flexibleUntil = schedule.flexibleUntil ? minutesOfDay(schedule.flexibleUntil) : undefined;
  const dayLength = minutesOfDay(schedule.end) - scheduleStart;

  let inAt = facts.firstIn ? minutesOn(date, facts.firstIn) : undefined;
  let outAt = facts.lastOut ? minutesOn(date, facts.lastOut) : undefined;
  // One punch that may be either: before the middle of the expected day it is the clock-in, after it the clock-out.
  if (inAt !== undefined && outAt !== undefined && facts.firstIn!.getTime() === facts.lastOut!.getTime()) {
    if (inAt < (expectedIn + expectedOut) / 2) outAt = undefined;
    else inAt = undefined;
  }
  if (inAt !== undefined && outAt !== undefined && outAt < inAt) outAt = undefined;

  if (flexibleUntil !== undefined && expectedIn === scheduleStart) {
    latestIn = flexibleUntil;
    // Arriving inside the window moves the end by as much (the day is as long); partial closures or leave keep their end.
    if (inAt !== undefined && inAt > scheduleStart && expectedOut === minutesOfDay(schedule.end))
      expectedOut = Math.min(Math.max(inAt, scheduleStart), flexibleUntil) + dayLength;
  }

  const nowOn = minutesOn(date, now);
  if (nowOn < 0) return result('future');
  const shown = { ...(inAt !== undefined ? { in: hhmm(inAt) } : {}), ...(outAt !== undefined ? { out: hhmm(outAt) } : {}) };
  // Today before the expected end: nothing to judge yet but an arrival after the latest start.
  if (nowOn < expectedOut) {
    if (inAt !== undefined && inAt > latestIn + schedule.graceMinutes) return result('late', { lateMinutes: inAt - latestIn, ...shown });
    return result('in-progress', shown);
  }
  if (inAt === undefined && outAt === undefined) return result('absent');
  if (inAt === undefined) return result('missing-in', shown);
  if (outAt === undefined) return result('missing-out', shown);
  const late = inAt > latestIn + schedule.graceMinutes ? inAt - latestIn : 0;
  const early = outAt < expectedOut ? expectedOut - outAt : 0;
  if (late && early) return result('late-and-early', { lateMinutes: late, earlyMinutes: early, ...shown });
  if (late) return result('late', { lateMinutes: late, ...shown });
  if (early) return result('early', { earlyMinutes: early, ...shown });
  return result('normal', shown);
}
