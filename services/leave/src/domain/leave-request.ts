import { addDays, datesBetween, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import type { SubRule } from './balance.ts';
import { invalid, conflict } from './errors.ts';
import { periodKeyOf } from './periods.ts';
import type { PeriodKey } from './periods.ts';
import type { PersonProfile } from './people.ts';
import type { EffectiveRule } from './policy.ts';
import { DAY_MINUTES, RELATIONSHIP_NAMES } from './rules/types.ts';
import type { BereavementRelationship, LeaveTypeCode } from './rules/types.ts';
import { calendarDaysBetween, formatDuration, workingSpans, workingTimeBetween } from '@webitr/work-calendar';
import type { CalendarEntry, WorkSchedule } from '@webitr/work-calendar';

/**
 * Checking a leave request against its type's rules, before anything is
 * stored: the working time it covers, the unit, the location, the window
 * around the event, who may take it, attachments, monthly caps; and what it
 * draws from which balance. Each broken rule is a RuleError naming the field.
 */
export interface LeaveRequestDraft {
  start: Date;
  end: Date;
  location?: string | undefined;
  eventDate?: IsoDate | undefined;
  relationship?: BereavementRelationship | undefined;
  gestationWeeks?: number | undefined;
  attachmentCount: number;
}

export interface BalanceCharge {
  ledger: LeaveTypeCode;
  period: PeriodKey;
  unit: 'minutes' | 'times';
  amount: number;
  sub?: SubRule;
}

export interface LeaveEvaluation {
  /** Working minutes (calendar-day types: 480 per calendar day). */
  minutes: number;
  days: { date: IsoDate; minutes: number }[];
  calendarDays: number;
  /** `1日0小時` */
  duration: string;
  charges: BalanceCharge[];
}

export interface EvaluationContext {
  rule: EffectiveRule;
  person: PersonProfile;
  schedule: WorkSchedule;
  calendar: readonly CalendarEntry[];
  /** Minutes of this type already pending or approved per month `YYYY-MM` (for monthly caps). */
  monthlyUsage?: Record<string, number>;
}

const F = {
  start: ['body.start', '請假起時'],
  end: ['body.end', '請假迄時'],
  type: ['body.leaveType', '假別'],
  location: ['body.location', '地點'],
  eventDate: ['body.eventDate', '事件日期'],
  relationship: ['body.relationship', '親屬關係'],
  gestation: ['body.gestationWeeks', '懷孕週數'],
  attachments: ['body.attachmentIds', '附件'],
} as const;

const days = (minutes: number) => formatDuration(minutes, DAY_MINUTES);

export function evaluateLeave(draft: LeaveRequestDraft, context: EvaluationContext): LeaveEvaluation {
  const { rule, person, schedule, calendar } = context;
  if (!rule.enabled)
    throw invalid(rule.notAvailable?.code ?? 'LEAVE_TYPE_DISABLED', ...F.type, rule.notAvailable?.detail ?? `${rule.name}未開放申請`);
  if (rule.eligibleSex && person.sex !== rule.eligibleSex) {
    throw invalid(
      'LEAVE_TYPE_NOT_ELIGIBLE',
      ...F.type,
      person.sex ? `${rule.name}不適用於申請人` : `${rule.name}須人事資料登錄性別，請洽人事室`,
    );
  }
  if (draft.end <= draft.start) throw invalid('END_BEFORE_START', ...F.end, '迄時須晚於起時');

  const from = taipeiLocal(draft.start).date;
  const to = taipeiLocal(new Date(draft.end.getTime() - 1)).date;
  const calendarDays = calendarDaysBetween(draft.start, draft.end);
  let minutes: number;
  let perDay: { date: IsoDate; minutes: number }[];
  if (rule.unit === 'calendar-day') {
    perDay = [...datesBetween(from, to)].map((date) => ({ date, minutes: DAY_MINUTES }));
    minutes = calendarDays * DAY_MINUTES;
  } else {
    const time = workingTimeBetween(draft.start, draft.end, schedule, calendar);
    minutes = time.minutes;
    perDay = time.days;
    if (minutes === 0) {
      const anyWorkday = [...datesBetween(from, to)].some((d) => workingSpans(d, schedule, calendar).length > 0);
      if (!anyWorkday) throw invalid('NO_WORKDAY', ...F.start, `${formatRange(from, to)}皆為非上班日 (休息日、例假日、國定假日或停止上班)`);
      throw invalid('ZERO_DURATION', ...F.end, '請假區間內沒有上班時間 (例如僅含午休)，時數為0');
    }
    if (rule.minimumMinutes > 0 && minutes % rule.minimumMinutes !== 0) {
      throw invalid('LEAVE_UNIT', ...F.end, `${rule.name}以${unitText(rule.minimumMinutes)}為單位，本次為${days(minutes)}`);
    }
  }

  if (rule.locationRequired && !draft.location?.trim()) throw invalid('LOCATION_REQUIRED', ...F.location, '地點不得空白');

  let qualifier: string | undefined;
  if (rule.quota.kind === 'per-event' || rule.window) {
    if (!draft.eventDate) throw invalid('EVENT_DATE_REQUIRED', ...F.eventDate, `${rule.name}須填${rule.window?.event ?? '事件日期'}`);
    if (rule.quota.kind === 'per-event' && rule.quota.byRelationship) {
      if (!draft.relationship || rule.quota.byRelationship[draft.relationship] === undefined) {
        throw invalid(
          'RELATIONSHIP_REQUIRED',
          ...F.relationship,
          `${rule.name}須選擇親屬關係 (${Object.keys(rule.quota.byRelationship)
            .map((r) => RELATIONSHIP_NAMES[r as BereavementRelationship])
            .join('、')})`,
        );
      }
      qualifier = draft.relationship;
    }
    if (rule.quota.kind === 'per-event' && rule.quota.byGestationWeeks) {
      if (draft.gestationWeeks === undefined) throw invalid('GESTATION_REQUIRED', ...F.gestation, `${rule.name}須填懷孕週數`);
      const band = rule.quota.byGestationWeeks.find((b) => draft.gestationWeeks! >= b.fromWeeks)!;
      qualifier = `w${band.fromWeeks}`;
    }
    if (rule.window) {
      const first = addDays(draft.eventDate, -rule.window.beforeDays);
      const last = addDays(draft.eventDate, rule.window.afterDays);
      if (from < first || to > last) {
        throw invalid(
          'OUTSIDE_WINDOW',
          ...F.start,
          `${rule.name}應於${rule.window.event}前${rule.window.beforeDays}日起至後${rule.window.afterDays}日內 (${formatRange(first, last)}) 請畢`,
        );
      }
    }
  }

  const required = rule.attachmentRequired;
  if (required && draft.attachmentCount === 0 && ('always' in required || minutes >= required.fromDays * DAY_MINUTES)) {
    throw invalid(
      'ATTACHMENT_REQUIRED',
      ...F.attachments,
      'always' in required ? `${rule.name}應檢附證明文件` : `${rule.name}${required.fromDays}日以上應檢附證明文件`,
    );
  }

  if (rule.monthlyCapMinutes !== undefined) {
    const byMonth = new Map<string, number>();
    for (const d of perDay) byMonth.set(d.date.slice(0, 7), (byMonth.get(d.date.slice(0, 7)) ?? 0) + d.minutes);
    for (const [month, m] of byMonth) {
      const used = context.monthlyUsage?.[month] ?? 0;
      if (used + m > rule.monthlyCapMinutes) {
        throw conflict(
          'MONTHLY_CAP_EXCEEDED',
          ...F.start,
          `${rule.name}每月以${days(rule.monthlyCapMinutes)}為限，${month}已申請${days(used)}`,
        );
      }
    }
  }

  return {
    minutes,
    days: perDay,
    calendarDays,
    duration: days(minutes),
    charges: chargesOf(rule, perDay, minutes, from, draft.eventDate, qualifier),
  };
}

function chargesOf(
  rule: EffectiveRule,
  perDay: { date: IsoDate; minutes: number }[],
  minutes: number,
  from: IsoDate,
  eventDate: IsoDate | undefined,
  qualifier: string | undefined,
): BalanceCharge[] {
  const ledger = rule.countsIn?.ledger ?? rule.code;
  const sub: SubRule | undefined = rule.countsIn
    ? {
        key: rule.code,
        ...(rule.countsIn.capDays !== undefined ? { cap: rule.countsIn.capDays * DAY_MINUTES } : {}),
        ...(rule.countsIn.freeDaysPerPeriod !== undefined ? { free: rule.countsIn.freeDaysPerPeriod * DAY_MINUTES } : {}),
      }
    : undefined;
  switch (rule.quota.kind) {
    case 'none':
      return [];
    case 'times':
      return [{ ledger, period: periodKeyOf(rule.period, from), unit: 'times', amount: 1 }];
    case 'comp-time':
      return [{ ledger: 'comp-time', period: 'ALL', unit: 'minutes', amount: minutes }];
    case 'per-event':
      return [{ ledger, period: periodKeyOf('event', from, { date: eventDate!, qualifier }), unit: 'minutes', amount: minutes }];
    case 'days':
    case 'seniority': {
      const byPeriod = new Map<PeriodKey, number>();
      for (const d of perDay) {
        const key = periodKeyOf(rule.period, d.date);
        byPeriod.set(key, (byPeriod.get(key) ?? 0) + d.minutes);
      }
      return [...byPeriod].map(([period, amount]) => ({ ledger, period, unit: 'minutes' as const, amount, ...(sub ? { sub } : {}) }));
    }
  }
}

const unitText = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}小時` : `${minutes}分鐘`);

function formatRange(from: IsoDate, to: IsoDate): string {
  const roc = (d: IsoDate) => `${Number(d.slice(0, 4)) - 1911}-${d.slice(5)}`;
  return from === to ? roc(from) : `${roc(from)} ~ ${roc(to)}`;
}

/** What a filed form holds, for measuring it again. */
export interface FiledLeave {
  start: Date;
  end: Date;
  minutes: number;
  days: { date: IsoDate; minutes: number }[];
  charges: BalanceCharge[];
}

/**
 * A filed form measured again after the calendar changed (a holiday added or
 * taken away inside it): its working time and charges under the type's rule
 * as it is, without checking anything else again — the form was accepted.
 * Calendar-day types (娩假) and types counted in times do not depend on the
 * calendar and come back as they were.
 */
export function remeasureLeave(
  form: FiledLeave,
  rule: EffectiveRule,
  schedule: WorkSchedule,
  calendar: readonly CalendarEntry[],
): Pick<LeaveEvaluation, 'minutes' | 'days' | 'duration' | 'charges'> {
  const same = { minutes: form.minutes, days: form.days, duration: days(form.minutes), charges: form.charges };
  if (rule.unit === 'calendar-day' || rule.quota.kind === 'times' || rule.quota.kind === 'none') return same;
  const time = workingTimeBetween(form.start, form.end, schedule, calendar);
  const from = taipeiLocal(form.start).date;
  // Per-event and comp-time charges keep the period they were filed under (the event, ALL); only the amount follows the days.
  const charges =
    rule.quota.kind === 'per-event' || rule.quota.kind === 'comp-time'
      ? form.charges.map((c) => ({ ...c, amount: time.minutes }))
      : chargesOf(rule, time.days, time.minutes, from, undefined, undefined);
  return { minutes: time.minutes, days: time.days, duration: days(time.minutes), charges: charges.filter((c) => c.amount > 0) };
}
