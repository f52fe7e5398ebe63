import { z } from 'zod';
import { addDays, dateField, formatRocDateWithWeekday, taipeiLocal, weekdayOf } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { dayId } from '../../models/attendance-day.ts';
import type { AttendanceDayDoc } from '../../models/attendance-day.ts';
import { inServiceOn, judgedOnOtherServiceDates } from '../../domain/in-service.ts';
import { changesOf, computeDays } from '../shared/attendance.ts';
import { personOf } from '../shared/people.ts';

export const query = z.object({
  /** Any date of the week wanted (上週/下週: the previous or next Monday); this week when absent. */
  week: dateField('週').optional(),
});

/** The Monday of a date's week (the home page's weeks run Monday to Sunday). */
export const mondayOf = (date: string): string => addDays(date, -((weekdayOf(date) + 6) % 7));

/**
 * The home page's week (差勤狀況): per date 上班卡, 下班卡 and 出勤結果, with
 * the dates of 上週 and 下週. A day never computed (no punch, no form) is
 * computed now, so a workday without punches reads 曠職 and a Saturday 休息日;
 * so is one judged on service dates the directory has changed since.
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, q: z.infer<typeof query>) {
  const monday = mondayOf(q.week ?? taipeiLocal(ctx.clock()).date);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  // My punches the attendance job has not merged yet (a web punch a moment ago) are merged now; the job's
  // own merge later changes nothing.
  const mine = await ctx.models.pending.find({ personId: actor.sub }, { punches: 0 }).lean();
  if (mine.length) await computeDays(ctx, changesOf(mine));
  const stored = new Map<string, AttendanceDayDoc>();
  for (const date of dates) {
    const day = await ctx.models.days.findById(dayId(actor.sub, date)).lean();
    if (day) stored.set(day._id, day);
  }
  // Days never computed, not over when they were, or judged on other service dates, are computed now (in one go).
  // The directory away and no copy of the person kept: the stored days stand as they are.
  const person = await personOf(ctx, actor.sub).catch(() => undefined);
  const due = dates.filter((date) => {
    const result = stored.get(dayId(actor.sub, date))?.result;
    return (
      !result ||
      result.code === 'in-progress' ||
      result.code === 'future' ||
      (person !== undefined && judgedOnOtherServiceDates(result.code, inServiceOn(person, date)))
    );
  });
  const computed = await computeDays(
    ctx,
    due.map((date) => ({ personId: actor.sub, agencyId: actor.agencyId, date })),
    { stored },
  );
  const days = [];
  for (const date of dates) {
    const day = computed.days.get(dayId(actor.sub, date)) ?? stored.get(dayId(actor.sub, date));
    const result = day?.result;
    days.push({
      date,
      label: formatRocDateWithWeekday(date),
      in: result?.in ?? null,
      out: result?.out ?? null,
      result: result && result.label ? { code: result.code, label: result.label } : null,
      anomaly: day?.anomaly ?? false,
    });
  }
  return { from: monday, to: dates[6]!, previousWeek: addDays(monday, -7), nextWeek: addDays(monday, 7), days };
}
