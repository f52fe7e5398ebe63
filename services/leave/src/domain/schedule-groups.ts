import type { RuleSetId } from './rules/types.ts';
import type { WorkSchedule } from '@webitr/work-calendar';

/**
 * Schedule groups (差勤組別/班別): the working day a request's hours are counted
 * against. The directory names a person's group (`scheduleGroup`); these are
 * the groups the seeds show. Every one is 8 working hours a day.
 */
export const SCHEDULE_GROUPS: readonly WorkSchedule[] = [
  // seed 002: 109-08-24 08:00 ~ 17:15 is 1日0小時, so lunch is 75 minutes
  { id: 'office', name: '一般上班人員', start: '08:00', end: '17:15', breaks: [{ start: '12:00', end: '13:15' }] },
  // seed 004: 本校兼行政教師、職員工出勤 07:30 至 16:30
  { id: 'school-staff', name: '職員及兼行政教師', start: '07:30', end: '16:30', breaks: [{ start: '12:00', end: '13:00' }] },
  // seed 004: 專任教師、導師、代理教師 08:00 至 16:00
  { id: 'teacher', name: '導師及專任教師', start: '08:00', end: '16:00', breaks: [] },
];

export function scheduleGroupOf(id: string | undefined, ruleSet: RuleSetId | undefined): WorkSchedule {
  const found = SCHEDULE_GROUPS.find((g) => g.id === id);
  if (found) return found;
  // seed 004: teachers 08:00–16:00; teachers with a post work the staff's 07:30–16:30
  const fallback = ruleSet === 'teacher' ? 'teacher' : ruleSet === 'teacher-admin' ? 'school-staff' : 'office';
  return SCHEDULE_GROUPS.find((g) => g.id === fallback)!;
}
