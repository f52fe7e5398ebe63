import { addDays, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { conflict, invalid } from './errors.ts';
import type { AgencySettings } from './policy.ts';
import { DAY_MINUTES } from './rules/types.ts';
import { formatDuration } from '@webitr/work-calendar';

/**
 * Overtime (加班): applied for beforehand, within a daily and a monthly cap
 * (defaults 12 h and 60 h, agency settings); compensated as comp time (補休,
 * valid for a number of months, default 24) or as pay.
 */
export interface OvertimeDraft {
  start: Date;
  end: Date;
}

/** Overtime minutes per Taipei date (an evening past midnight splits). */
export function overtimeByDate(start: Date, end: Date): { date: IsoDate; minutes: number }[] {
  const out: { date: IsoDate; minutes: number }[] = [];
  let cursor = start;
  while (cursor < end) {
    const local = taipeiLocal(cursor);
    const midnight = new Date(`${addDays(local.date, 1)}T00:00:00+08:00`);
    const stop = midnight < end ? midnight : end;
    out.push({ date: local.date, minutes: Math.round((stop.getTime() - cursor.getTime()) / 60_000) });
    cursor = stop;
  }
  return out;
}

const hours = (minutes: number) => formatDuration(minutes, DAY_MINUTES);

export interface OvertimeUsage {
  /** Pending or approved overtime minutes of the person per date and per month (`YYYY-MM`). */
  byDate: Record<IsoDate, number>;
  byMonth: Record<string, number>;
}

export interface OvertimeEvaluation {
  minutes: number;
  days: { date: IsoDate; minutes: number }[];
  duration: string;
}

export function evaluateOvertime(
  draft: OvertimeDraft,
  settings: AgencySettings['overtime'],
  usage: OvertimeUsage,
  now: Date,
): OvertimeEvaluation {
  if (draft.end <= draft.start) throw invalid('END_BEFORE_START', 'body.end', '加班迄時', '迄時須晚於起時');
  if (settings.requirePrior && draft.start < now)
    throw conflict('OVERTIME_NOT_PRIOR', 'body.start', '加班起時', '加班應事前申請，起時已過');
  const days = overtimeByDate(draft.start, draft.end);
  const minutes = days.reduce((s, d) => s + d.minutes, 0);
  for (const d of days) {
    const total = (usage.byDate[d.date] ?? 0) + d.minutes;
    if (total > settings.dailyCapMinutes) {
      throw conflict(
        'OVERTIME_DAILY_CAP',
        'body.end',
        '加班迄時',
        `每日加班以${hours(settings.dailyCapMinutes)}為限，${d.date}合計將達${hours(total)}`,
      );
    }
  }
  const byMonth = new Map<string, number>();
  for (const d of days) byMonth.set(d.date.slice(0, 7), (byMonth.get(d.date.slice(0, 7)) ?? 0) + d.minutes);
  for (const [month, m] of byMonth) {
    const total = (usage.byMonth[month] ?? 0) + m;
    if (total > settings.monthlyCapMinutes) {
      throw conflict(
        'OVERTIME_MONTHLY_CAP',
        'body.end',
        '加班迄時',
        `每月加班以${hours(settings.monthlyCapMinutes)}為限，${month}合計將達${hours(total)}`,
      );
    }
  }
  return { minutes, days, duration: hours(minutes) };
}

/** The last day comp time earned on `earnedOn` may be used. */
export function compTimeExpiry(earnedOn: IsoDate, validityMonths: number): IsoDate {
  const [y, m, d] = earnedOn.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + validityMonths, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return addDays(target.toISOString().slice(0, 10), -1);
}
