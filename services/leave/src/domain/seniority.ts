import { ROC_YEAR_OFFSET } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';

/**
 * 休假 by seniority (公務人員請假規則第7條): service counted to the end of the
 * previous year gives this year's days; the month a person started in counts
 * as a whole month (銓敘部 110-08-24 部法二字第11053777382號函: 1月到職者次年1月起依第1項核給).
 */
export const ANNUAL_LEAVE_TABLE: readonly { fromYears: number; days: number }[] = [
  { fromYears: 14, days: 30 },
  { fromYears: 9, days: 28 },
  { fromYears: 6, days: 21 },
  { fromYears: 3, days: 14 },
  { fromYears: 1, days: 7 },
];

/** 未滿半日者以半日計；半日以上未滿一日者以一日計 (第3條第2項): round up to half days. */
export const roundUpToHalfDay = (days: number): number => Math.ceil(days * 2 - 1e-9) / 2;

/** Whole months of service before `year` starts, counting the starting month as a whole month. */
export function serviceMonthsBefore(serviceStart: IsoDate, year: number): number {
  const [startYear, startMonth] = serviceStart.split('-').map(Number) as [number, number];
  return Math.max(0, (year - startYear) * 12 - (startMonth - 1));
}

export interface AnnualLeaveGrant {
  days: number;
  /** Completed years of service at the end of the previous year. */
  years: number;
  months: number;
  basis: 'none' | 'prorated' | 'table';
  /** Why, in zh-TW, for the balance's allocation entry. */
  note: string;
}

/** The 休假 days for `year` of someone who started service on `serviceStart`. */
export function annualLeaveFor(serviceStart: IsoDate, year: number): AnnualLeaveGrant {
  const months = serviceMonthsBefore(serviceStart, year);
  const years = Math.floor(months / 12);
  if (years >= 1) {
    const row = ANNUAL_LEAVE_TABLE.find((r) => years >= r.fromYears)!;
    return { days: row.days, years, months, basis: 'table', note: `年資${years}年 (至${year - 1}年底)，依第7條第1項核給${row.days}日` };
  }
  if (months > 0) {
    const days = roundUpToHalfDay((7 * months) / 12);
    return { days, years, months, basis: 'prorated', note: `初任第${year - 1}年在職${months}個月，依第7條第2項按比例核給${days}日` };
  }
  return { days: 0, years, months, basis: 'none', note: `${year}年尚無休假資格 (到職未滿一個年度)` };
}

/**
 * Days of a yearly quota for someone who started during that year
 * (公務人員請假規則第3條第2項: 任職未滿一年者按在職月數比例核給).
 */
export function proratedQuota(days: number, serviceStart: IsoDate | undefined, year: number): { days: number; note?: string } {
  if (!serviceStart) return { days };
  const [startYear, startMonth] = serviceStart.split('-').map(Number) as [number, number];
  if (startYear < year || startMonth === 1) return { days };
  if (startYear > year) return { days: 0, note: `${year}年尚未到職` };
  const months = 12 - (startMonth - 1);
  const prorated = roundUpToHalfDay((days * months) / 12);
  return { days: prorated, note: `${year}年在職${months}個月，按比例核給${prorated}日` };
}

/**
 * 休假 of a teacher holding an administrative post (or a principal) for the
 * school year starting on August 1 of `year` (教師請假規則第8條第1項): the
 * school years of service completed before it — full-time teaching and
 * administrative years together, counted from the seniority date with its
 * month as a whole month — give the same table as civil servants (滿1學年
 * 自第2學年起7日 … 滿14學年自第15學年起30日); a school year that gives less
 * than `minimumDays` gives that many (the 114-10-08 amendment's 3 days).
 */
export function schoolYearAnnualLeaveFor(serviceStart: IsoDate, year: number, minimumDays = 0): AnnualLeaveGrant {
  const [startYear, startMonth] = serviceStart.split('-').map(Number) as [number, number];
  const months = Math.max(0, (year - startYear) * 12 + 7 - (startMonth - 1));
  const years = Math.floor(months / 12);
  const schoolYear = `${year - ROC_YEAR_OFFSET}學年`;
  const row = ANNUAL_LEAVE_TABLE.find((r) => years >= r.fromYears);
  if (row && row.days >= minimumDays) {
    return {
      days: row.days,
      years,
      months,
      basis: 'table',
      note: `${schoolYear}前年資${years}學年，依教師請假規則第8條第1項核給${row.days}日`,
    };
  }
  if (minimumDays > 0) {
    return {
      days: minimumDays,
      years,
      months,
      basis: 'table',
      note: `${schoolYear}前年資${years}學年，依教師請假規則第8條當學年休假未達${minimumDays}日者給予${minimumDays}日`,
    };
  }
  return { days: 0, years, months, basis: 'none', note: `${schoolYear}前年資未滿1學年，尚無休假資格` };
}
