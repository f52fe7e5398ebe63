import { addDays } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import { ForbiddenError, hasRole } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';
import { LIVE } from '../../models/calendar-entry.ts';
import type { CalendarEntryDoc } from '../../models/calendar-entry.ts';
import { event } from '../../messaging/publishers.ts';
import { mayIn } from './access.ts';

export const NATIONAL = '*';

/** National entries and the agency's own, for the dates a request touches. */
export async function calendarFor(ctx: LeaveContext, agencyId: string, from: IsoDate, to: IsoDate): Promise<CalendarEntry[]> {
  const docs = await ctx.models.calendar
    .find({ agencyId: { $in: [NATIONAL, agencyId] }, date: { $gte: addDays(from, -1), $lte: addDays(to, 1) }, ...LIVE })
    .lean();
  return docs.map((d) => ({
    date: d.date,
    kind: d.kind,
    name: d.name,
    ...(d.from ? { from: d.from } : {}),
    ...(d.to ? { to: d.to } : {}),
  }));
}

/** National entries (agency `*`) are for system administrators; an agency's special days and closures for its attendance managers. */
export function assertMayEditCalendar(actor: Actor, agencyId: string): void {
  const ok = agencyId === NATIONAL ? hasRole(actor, 'system-admin', NATIONAL) : mayIn(actor, 'manage-calendar', agencyId);
  if (!ok) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可登錄特殊節日及停止上班' });
}

type Entry = Pick<CalendarEntryDoc, 'kind' | 'name' | 'from' | 'to'>;
const entryOf = (e: Entry) => ({ kind: e.kind, name: e.name, ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}) });

/**
 * `leave.calendar.changed` for a date of an agency (or `*`): what its own
 * entries are after the change, the changed entry (`changed`, or none when it
 * was removed) in place of whatever the store holds of that kind now.
 */
export async function calendarChanged(
  ctx: LeaveContext,
  agencyId: string,
  date: string,
  kind: CalendarEntryDoc['kind'],
  changed: Entry | undefined,
) {
  const others = await ctx.models.calendar.find({ agencyId, date, ...LIVE }).lean();
  const entries = [...others.filter((e) => e.kind !== kind), ...(changed ? [changed] : [])].map(entryOf);
  return event('leave.calendar.changed', { agencyId, date, entries });
}
