import type {
  LeaveStatisticsAmountView,
  LeaveStatisticsColumnView,
  LeaveStatisticsLineView,
  OvertimeCompensation,
} from '@webitr/contracts';
import { COMPENSATION_LABEL, LEAVE_TYPE_CODES } from '@webitr/contracts';
import { formatDuration } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { DAY_MINUTES } from './rules/types.ts';

/**
 * 差勤、加班統計 (seed 001, 7-4, 9-6, 10-1): what approved forms count in a
 * period, per person, per unit and in all — leave and comp time (補休) by 假別,
 * overtime (加班時數) by how it is compensated (補休 or 加班費). A form
 * reaching past the period counts only its days inside it (`days`, the
 * working minutes of each date as the form was counted).
 */
export interface CountedForm {
  kind: 'leave' | 'comp-time' | 'overtime';
  applicantId: string;
  applicantName: string;
  unitId?: string | undefined;
  unitName?: string | undefined;
  leaveType?: string | undefined;
  leaveTypeName?: string | undefined;
  compensation?: OvertimeCompensation | undefined;
  minutes: number;
  days: readonly { date: IsoDate; minutes: number }[];
}

export interface Tally {
  columns: LeaveStatisticsColumnView[];
  people: LeaveStatisticsLineView[];
  units: LeaveStatisticsLineView[];
  total: LeaveStatisticsLineView;
}

/** Leave as the apply screen shows it (`1日2小時`, a day of 8 hours); overtime in hours (`3小時30分`). */
export function amountText(group: 'leave' | 'overtime', minutes: number): string {
  if (group === 'leave') return formatDuration(minutes, DAY_MINUTES);
  const hours = Math.floor(minutes / 60);
  return `${hours}小時${minutes % 60 ? `${minutes % 60}分` : ''}`;
}

const amount = (group: 'leave' | 'overtime', count: number, minutes: number): LeaveStatisticsAmountView => ({
  count,
  minutes,
  text: amountText(group, minutes),
});

/** The column a form counts in. */
function columnOf(form: CountedForm): LeaveStatisticsColumnView {
  if (form.kind === 'overtime') {
    const compensation = form.compensation ?? 'comp-time';
    return { key: `overtime:${compensation}`, label: `加班（${COMPENSATION_LABEL[compensation]}）`, group: 'overtime' };
  }
  const code = form.leaveType ?? form.kind;
  return { key: code, label: form.leaveTypeName ?? code, group: 'leave' };
}

/** The minutes of a form inside [from, to] (ISO dates, both included). */
export function minutesWithin(form: Pick<CountedForm, 'minutes' | 'days'>, from: IsoDate, to: IsoDate): number {
  if (form.days.length === 0) return form.minutes;
  return form.days.filter((d) => d.date >= from && d.date <= to).reduce((sum, d) => sum + d.minutes, 0);
}

interface Sums {
  line: Omit<LeaveStatisticsLineView, 'amounts' | 'leave' | 'overtime'>;
  byColumn: Map<string, { count: number; minutes: number }>;
}

/** Adds the forms up; columns in the order of the 假別 list, then overtime; people by unit then name, units by name. */
export function tally(forms: readonly CountedForm[], from: IsoDate, to: IsoDate): Tally {
  const columns = new Map<string, LeaveStatisticsColumnView>();
  const people = new Map<string, Sums>();
  const units = new Map<string, Sums>();
  const total: Sums = { line: { name: '合計', unitId: null, unitName: null }, byColumn: new Map() };
  const add = (sums: Sums, key: string, minutes: number) => {
    const cell = sums.byColumn.get(key) ?? { count: 0, minutes: 0 };
    cell.count += 1;
    cell.minutes += minutes;
    sums.byColumn.set(key, cell);
  };
  for (const form of forms) {
    const minutes = minutesWithin(form, from, to);
    if (minutes <= 0) continue;
    const column = columnOf(form);
    columns.set(column.key, column);
    const unitKey = form.unitId ?? '';
    const person =
      people.get(form.applicantId) ??
      people
        .set(form.applicantId, {
          line: { personId: form.applicantId, name: form.applicantName, unitId: form.unitId ?? null, unitName: form.unitName ?? null },
          byColumn: new Map(),
        })
        .get(form.applicantId)!;
    const unit =
      units.get(unitKey) ??
      units
        .set(unitKey, {
          line: { name: form.unitName ?? '（未分配單位）', unitId: form.unitId ?? null, unitName: form.unitName ?? null },
          byColumn: new Map(),
        })
        .get(unitKey)!;
    for (const sums of [person, unit, total]) add(sums, column.key, minutes);
  }
  const known: readonly string[] = LEAVE_TYPE_CODES;
  const order = (c: LeaveStatisticsColumnView) =>
    c.group === 'overtime' ? 1000 + (c.key === 'overtime:comp-time' ? 0 : 1) : known.includes(c.key) ? known.indexOf(c.key) : 999;
  const sortedColumns = [...columns.values()].sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label, 'zh-TW'));
  const lineOf = (sums: Sums): LeaveStatisticsLineView => {
    const amounts: LeaveStatisticsLineView['amounts'] = {};
    const groups = { leave: { count: 0, minutes: 0 }, overtime: { count: 0, minutes: 0 } };
    for (const column of sortedColumns) {
      const cell = sums.byColumn.get(column.key);
      if (!cell) continue;
      amounts[column.key] = amount(column.group, cell.count, cell.minutes);
      groups[column.group].count += cell.count;
      groups[column.group].minutes += cell.minutes;
    }
    return {
      ...sums.line,
      amounts,
      leave: amount('leave', groups.leave.count, groups.leave.minutes),
      overtime: amount('overtime', groups.overtime.count, groups.overtime.minutes),
    };
  };
  const byName = (a: LeaveStatisticsLineView, b: LeaveStatisticsLineView) =>
    (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-TW') || a.name.localeCompare(b.name, 'zh-TW');
  return {
    columns: sortedColumns,
    people: [...people.values()].map(lineOf).sort(byName),
    units: [...units.values()].map(lineOf).sort(byName),
    total: lineOf(total),
  };
}
