import type { WorkSchedule } from './working-time.ts';

/**
 * A schedule group (差勤組別/班別): the working day leave hours are counted
 * against (leave) and punches are judged against (attendance), in one place
 * so the two services cannot disagree about a group. The directory names a
 * person's group by id (`scheduleGroup`). Besides the day: how late an
 * arrival may be before it is 遲到 (grace minutes) and, for flexible groups
 * (彈性上班), until when the day may start — arriving at 08:20 in an
 * 08:00–08:30 window moves the day's end by 20 minutes.
 */
export interface ScheduleGroup extends WorkSchedule {
  /** Latest start of a flexible group (HH:MM); a fixed group has none. */
  flexibleUntil?: string;
  graceMinutes: number;
}

/** The groups the seeds show; every one is 8 working hours a day. */
export const SCHEDULE_GROUPS: readonly ScheduleGroup[] = [
  // seed 002: 109-08-24 08:00 ~ 17:15 is 1日0小時, so lunch is 75 minutes; civil servants' flexible start to 08:30 (彈性上班)
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

/** The group with this id, if there is one. */
export const scheduleGroupById = (id: string | undefined): ScheduleGroup | undefined => SCHEDULE_GROUPS.find((g) => g.id === id);
