import type { PunchCardIngestContext } from '../../context.ts';
import { workPendingDays } from '../shared/attendance.ts';
import { DayInputs } from '../shared/day-inputs.ts';

/**
 * The attendance job: work the days uploads left until none is left, in
 * batches (computeDays), the people and calendars read once per run. One
 * run at a time, whether the timer or an upload's kick starts it.
 */
export function attendanceWorker(ctxOf: () => PunchCardIngestContext) {
  let running: Promise<void> | undefined;
  const run = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const ctx = ctxOf();
        const inputs = new DayInputs(ctx);
        while ((await workPendingDays(ctx, inputs)) > 0);
      } finally {
        running = undefined;
      }
    })());
  return { run };
}
