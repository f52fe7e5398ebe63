import { SCHEDULE_GROUPS, scheduleGroupById } from '@webitr/work-calendar';
import type { ScheduleGroup } from '@webitr/work-calendar';
import type { RuleSetId } from './rules/types.ts';

// The groups themselves (差勤組別/班別) are @webitr/work-calendar's, shared with attendance.
export { SCHEDULE_GROUPS };

/** The person's group by the directory's 班別; without one, the group their rule set's people work. */
export function scheduleGroupOf(id: string | undefined, ruleSet: RuleSetId | undefined): ScheduleGroup {
  const found = scheduleGroupById(id);
  if (found) return found;
  // seed 004: teachers 08:00–16:00; teachers with a post work the staff's 07:30–16:30
  const fallback = ruleSet === 'teacher' ? 'teacher' : ruleSet === 'teacher-admin' ? 'school-staff' : 'office';
  return scheduleGroupById(fallback)!;
}
