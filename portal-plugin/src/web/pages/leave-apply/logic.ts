// The 差假申請 page's rules that are not drawing: counted time in words,
// which deputies can be picked, the route in names, attachment checks before
// upload, the interval a new form starts with, and the draft the quote gets.
// Pure functions (no React, no fetch) so the mocha tests can hold them.
import { withoutBlanks } from '../../lib/form-values.ts';
import { ATTACHMENT_MAX_FILES, ATTACHMENT_MAX_TOTAL_BYTES, ATTACHMENT_TYPES, leaveQuoteCommand } from '@webitr/contracts/forms/leave';
import type { LeaveCommandInput } from '@webitr/contracts/forms/leave';
import type { DeputyListView, LeaveQuoteView, LeaveTypeView } from '@webitr/contracts/views/leave';
import type { CalendarDate } from '@internationalized/date';
import { weekdayIndex } from '../../lib/dates.ts';

/** Every schedule group counts 8 working hours a day (services/leave/src/domain/schedule-groups.ts). */
export const MINUTES_PER_DAY = 480;

/**
 * Minutes as the seeds write them, `1日0小時`, with the odd minutes when there
 * are any (`0日1小時30分`): days of `minutesPerDay` (the person's working day).
 */
export function formatDuration(minutes: number, minutesPerDay: number = MINUTES_PER_DAY): string {
  const whole = Math.max(0, Math.round(minutes));
  const days = Math.floor(whole / minutesPerDay);
  const rest = whole - days * minutesPerDay;
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  return `${days}日${hours}小時${mins ? `${mins}分` : ''}`;
}

/** What the form shows as counted while one types: `共 1日0小時（8 小時）`, the hours for those who count in hours. */
export function countedText(minutes: number, minutesPerDay: number = MINUTES_PER_DAY): string {
  const hours = Math.round((minutes / 60) * 100) / 100;
  return `共 ${formatDuration(minutes, minutesPerDay)}（${hours} 小時）`;
}

/** The working day a new form starts with (seed 004: teachers 08:00–16:00, teachers with a post 07:30–16:30, offices 08:00–17:15). */
export function workingDayOf(ruleSet: string | undefined): { start: string; end: string } {
  if (ruleSet === 'teacher') return { start: '08:00', end: '16:00' };
  if (ruleSet === 'teacher-admin') return { start: '07:30', end: '16:30' };
  return { start: '08:00', end: '17:15' };
}

/** Today if it is a weekday, else the next Monday: the day a teacher most often asks leave for. */
export function nextWorkingDay(today: CalendarDate): CalendarDate {
  const weekday = weekdayIndex(today);
  if (weekday === 6) return today.add({ days: 2 });
  if (weekday === 0) return today.add({ days: 1 });
  return today;
}

/** `2026-11-26 08:00`: what the contracts' dateTimeField reads, and what the form keeps. */
export const dateTimeText = (date: CalendarDate | string, time: string): string => `${date.toString()} ${time}`;

/** The types on the first row (the rest sit behind 其他假別); 加班補休 has its own entry. */
export const COMMON_TYPES: readonly string[] = ['annual', 'personal', 'sick', 'family-care', 'official'];

export function splitTypes(types: readonly LeaveTypeView[]): { common: LeaveTypeView[]; other: LeaveTypeView[]; compTime?: LeaveTypeView } {
  const compTime = types.find((t) => t.code === 'comp-time');
  const rest = types.filter((t) => t.code !== 'comp-time');
  const common = COMMON_TYPES.map((code) => rest.find((t) => t.code === code)).filter((t): t is LeaveTypeView => t !== undefined);
  const other = rest.filter((t) => !COMMON_TYPES.includes(t.code));
  return { common, other, ...(compTime ? { compTime } : {}) };
}

/** A type's button: `休假 剩餘: 30日0小時` as the service words it, or the name alone when the type has no balance. */
export const typeButtonText = (type: LeaveTypeView): string => type.balance?.label ?? type.name;

export interface DeputyChoice {
  personId: string;
  /** `林志明（教務處）` */
  text: string;
  available: boolean;
  /** Why one cannot be picked (`…已有差假申請，不能代理`), as the service says it. */
  why?: string;
}

/**
 * The deputies in 代理人設定 order, each with whether they can act in the
 * interval; unknown availability (no interval yet) counts as available, the
 * service decides at filing.
 */
export function deputyChoices(list: DeputyListView | undefined): DeputyChoice[] {
  return (list?.deputies ?? [])
    .slice()
    .sort((a, b) => a.order - b.order)
    .map((d) => ({
      personId: d.personId,
      text: d.unitName ? `${d.name}（${d.unitName}）` : d.name,
      available: d.available !== false,
      ...(d.available === false ? { why: d.message ? `${d.name}${d.message}` : `${d.name}無法於此期間代理` } : {}),
    }));
}

/** The deputy to preselect: the one chosen if still free, else the first free one in 代理人設定 order. */
export function preferredDeputy(choices: readonly DeputyChoice[], current: string | undefined): string | undefined {
  if (current && choices.some((c) => c.personId === current && c.available)) return current;
  return choices.find((c) => c.available)?.personId;
}

/**
 * The approval route in words: `陳核: 林志明（單位主管） → 決行: 蔡文雄（校長）`;
 * approvers whose names we do not know are shown by the step's label.
 */
export function routeText(route: LeaveQuoteView['route'], names: ReadonlyMap<string, string>): string {
  if (route.status !== 'routable') return route.reason;
  if (route.steps.length === 0) return '無需批核';
  return route.steps
    .map((step) => {
      const verb = step.final ? '決行' : step.countersign ? '會辦' : '陳核';
      const known = step.approverIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
      return `${verb}: ${known.length > 0 ? `${known.join('、')}（${step.label}）` : step.label}`;
    })
    .join(' → ');
}

/** What the picker needs of a file (a File in the browser; a plain object in tests). */
export interface FileFacts {
  name: string;
  size: number;
  type: string;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10}MB`;
const ACCEPTED = ATTACHMENT_TYPES.flatMap((t) => t.extensions.map((e) => `.${e}`));
/** For the file input's accept attribute. */
export const ACCEPT_ATTRIBUTE = [...ACCEPTED, ...ATTACHMENT_TYPES.map((t) => t.contentType)].join(',');
export const ACCEPTED_TEXT = ATTACHMENT_TYPES.map((t) => t.label).join('、');

/** The content type the service expects for a file, by its extension (browsers leave `type` empty for some). */
export function contentTypeOf(file: FileFacts): string | undefined {
  const extension = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase();
  return ATTACHMENT_TYPES.find((t) => extension !== undefined && t.extensions.includes(extension))?.contentType;
}

/**
 * Files refused before any byte is sent, with the reason in words: a type the
 * service does not take, or one that would take the form past 10 MB in total
 * or past the number of files. Files are taken in order while they fit.
 */
export function checkAttachments(
  files: readonly FileFacts[],
  already: { count: number; bytes: number },
): { accepted: FileFacts[]; refused: { name: string; reason: string }[] } {
  const accepted: FileFacts[] = [];
  const refused: { name: string; reason: string }[] = [];
  let count = already.count;
  let bytes = already.bytes;
  for (const file of files) {
    if (!contentTypeOf(file)) {
      refused.push({ name: file.name, reason: `不接受此檔案類型，可上傳 ${ACCEPTED_TEXT}` });
    } else if (file.size === 0) {
      refused.push({ name: file.name, reason: '檔案是空的' });
    } else if (bytes + file.size > ATTACHMENT_MAX_TOTAL_BYTES) {
      refused.push({
        name: file.name,
        reason: `附件總上限${megabytes(ATTACHMENT_MAX_TOTAL_BYTES)}（此檔 ${megabytes(file.size)}，已上傳 ${megabytes(bytes)}）`,
      });
    } else if (count + 1 > ATTACHMENT_MAX_FILES) {
      refused.push({ name: file.name, reason: `附件最多 ${ATTACHMENT_MAX_FILES} 個` });
    } else {
      accepted.push(file);
      count += 1;
      bytes += file.size;
    }
  }
  return { accepted, refused };
}

export { withoutBlanks };

/** The fields the leave form has (for the problem → field mapping). */
export const LEAVE_FIELDS = [
  'leaveType',
  'start',
  'end',
  'deputyId',
  'location',
  'reason',
  'remarks',
  'attachmentIds',
  'eventDate',
  'relationship',
  'gestationWeeks',
  'applicantIds',
] as const;
export type LeaveField = (typeof LEAVE_FIELDS)[number];

/**
 * The draft the quote is asked for, or undefined while it could not be
 * quoted yet (no type, a date not finished): so the quote is never sent to
 * be refused for what the form itself already says.
 */
export function quoteDraft(
  values: Partial<LeaveCommandInput>,
  { applicantId, formId }: { applicantId?: string | undefined; formId?: string | undefined } = {},
): Record<string, unknown> | undefined {
  const { applicantIds: _ignored, reason: _reason, ...rest } = values;
  // formId: a modification (修改) is quoted with the form itself set aside, or it would overlap it.
  const draft = withoutBlanks({ ...rest, ...(applicantId ? { applicantId } : {}), ...(formId ? { formId } : {}) }, []);
  // An end not after the start is the form's own mistake (often half-way through typing a date): nothing to quote yet.
  if (typeof draft.start === 'string' && typeof draft.end === 'string' && draft.end <= draft.start) return undefined;
  return leaveQuoteCommand.safeParse(draft).success ? draft : undefined;
}
