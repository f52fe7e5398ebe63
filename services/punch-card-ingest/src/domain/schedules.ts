import { SCHEDULE_GROUPS, scheduleGroupById } from '@webitr/work-calendar';
import type { ScheduleGroup } from '@webitr/work-calendar';

/**
 * A schedule group (差勤組別/班別) as attendance reads it: the working day,
 * grace minutes and flexible window, from @webitr/work-calendar — the same
 * groups the leave service counts hours against.
 */
export type AttendanceSchedule = ScheduleGroup;

/** The person's group by the directory's 班別, or the office day. */
export function attendanceScheduleOf(id: string | undefined): AttendanceSchedule {
  return scheduleGroupById(id) ?? SCHEDULE_GROUPS[0]!;
}
