import { taipeiLocal } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import { ANOMALIES, computeDay } from '../../domain/attendance.ts';
import { mayBeIn, mayBeOut } from '../../domain/punch-kinds.ts';
import type { PunchKind } from '../../domain/punch-kinds.ts';
import { attendanceScheduleOf } from '../../domain/schedules.ts';
import { dayId } from '../../models/attendance-day.ts';
import { calendarOf } from './calendar.ts';
import { personOf } from './people.ts';

/** A day's possible clock-in and clock-out from some of its punches: what merging needs, not the punches. */
export interface DaySummary {
  firstIn?: Date;
  lastOut?: Date;
}

/** Fold a punch into its day's summary (in memory, during an upload). */
export function foldPunch(summary: DaySummary, at: Date, kind: PunchKind | undefined): void {
  if (mayBeIn(kind) && (!summary.firstIn || at < summary.firstIn)) summary.firstIn = at;
  if (mayBeOut(kind) && (!summary.lastOut || at > summary.lastOut)) summary.lastOut = at;
}

/**
 * Merge punches into a person's day: `$min`/`$max` on the day's `_id`, so
 * the same punches merged again (a redelivery, a re-upload, a job run a
 * crash cut short) change nothing.
 */
export async function mergeDay(
  ctx: PunchCardIngestContext,
  personId: string,
  agencyId: string,
  date: string,
  summary: DaySummary,
): Promise<void> {
  const update: Record<string, unknown> = { $setOnInsert: { personId, agencyId, date, forms: {}, anomaly: false } };
  if (summary.firstIn) update.$min = { firstIn: summary.firstIn };
  if (summary.lastOut) update.$max = { lastOut: summary.lastOut };
  await ctx.models.days.updateOne({ _id: dayId(personId, date) }, update, { upsert: true });
}

/** Compute a person's day again from what it holds, the person's 班別 and the calendar; the result is stored on the day. */
export async function computeStoredDay(ctx: PunchCardIngestContext, personId: string, date: string): Promise<void> {
  const _id = dayId(personId, date);
  const day = await ctx.models.days.findById(_id).lean();
  const person = await personOf(ctx, personId);
  const agencyId = person?.agencyId ?? day?.agencyId;
  if (!agencyId) return;
  const calendar = await calendarOf(ctx, agencyId, date);
  const schedule = attendanceScheduleOf(person?.scheduleGroup);
  const result = computeDay({
    date,
    schedule,
    calendar,
    ...(day?.firstIn ? { firstIn: day.firstIn } : {}),
    ...(day?.lastOut ? { lastOut: day.lastOut } : {}),
    forms: Object.values(day?.forms ?? {}),
    now: ctx.clock(),
  });
  await ctx.models.days.updateOne(
    { _id },
    {
      $set: {
        result,
        anomaly: ANOMALIES.has(result.code),
        scheduleGroup: schedule.id,
        computedAt: ctx.clock(),
        ...(person?.unitId ? { unitId: person.unitId } : {}),
      },
      $setOnInsert: { personId, agencyId, date, forms: {} },
    },
    { upsert: true },
  );
}

/** The Taipei dates a period touches (a form's start to end). */
export function datesOf(start: Date, end: Date): string[] {
  const dates: string[] = [];
  const last = taipeiLocal(new Date(end.getTime() - 1)).date;
  for (let d = taipeiLocal(start).date; d <= last; d = nextDate(d)) dates.push(d);
  return dates;
}

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Work the pending days an upload left (attendance_pending): merge each
 * person's punches into their days, compute them again, remove the entry.
 * Each step can run twice without harm, so a crash only repeats work.
 */
export async function workPendingDays(ctx: PunchCardIngestContext, limit = 100): Promise<number> {
  const pending = await ctx.models.pending.find({}).limit(limit).lean();
  for (const entry of pending) {
    for (const [date, { in: firstIn, out: lastOut }] of Object.entries(entry.days)) {
      await mergeDay(ctx, entry.personId, entry.agencyId, date, {
        ...(firstIn ? { firstIn: new Date(firstIn) } : {}),
        ...(lastOut ? { lastOut: new Date(lastOut) } : {}),
      });
      await computeStoredDay(ctx, entry.personId, date);
    }
    await ctx.models.pending.deleteOne({ _id: entry._id });
  }
  return pending.length;
}
