import type { WorkSchedule } from '@webitr/work-calendar';

/**
 * A schedule group (差勤組別/班別) as attendance reads it: the working day
 * (the same groups the leave service counts hours against, by id), plus how
 * late an arrival may be before it is 遲到 (grace minutes) and, for flexible
 * groups (彈性上班), until when the day may start: arriving at 08:20 in an
 * 08:00–08:30 window moves the day's end by 20 minutes.
 */
export interface AttendanceSchedule extends WorkSchedule {
  /** Latest start of a flexible group (HH:MM); a fixed group has none. */
  flexibleUntil?: string;
  graceMinutes: number;
}

// The groups of seeds 002 and 004 (same ids and hours as services/leave's schedule groups).
export const ATTENDANCE_SCHEDULES: readonly AttendanceSchedule[] = [
  // 一般上班人員 08:00–17:15, lunch 12:00–13:15; civil servants' flexible start to 08:30 (彈性上班)
  {
    id: 'office',
    name: '一般上班人員',
    start: '08:00',
    end: '17:15',
    breaks: [{ start: '12:00', end: '13:15' }],
    flexibleUntil: '08:30',
    graceMinutes: 0,
  },
  // seed 004: 本校兼行政教師、職員工出勤 07:30 至 16:30
  {
    id: 'school-staff',
    name: '職員及兼行政教師',
    start: '07:30',
    end: '16:30',
    breaks: [{ start: '12:00', end: '13:00' }],
    graceMinutes: 0,
  },
  // seed 004: 專任教師、導師、代理教師 08:00 至 16:00
  { id: 'teacher', name: '導師及專任教師', start: '08:00', end: '16:00', breaks: [], graceMinutes: 0 },
];

/** The person's group by the directory's 班別, or the office day. */
export function attendanceScheduleOf(id: string | undefined): AttendanceSchedule {
  return ATTENDANCE_SCHEDULES.find((g) => g.id === id) ?? ATTENDANCE_SCHEDULES[0]!;
}
