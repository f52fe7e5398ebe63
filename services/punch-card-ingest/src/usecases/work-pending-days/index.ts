import type { PunchCardIngestContext } from '../../context.ts';
import { workPendingDays } from '../shared/attendance.ts';

/**
 * The attendance job: work the days uploads left until none is left. One run
 * at a time, whether the timer or an upload's kick starts it.
 */
export function attendanceWorker(ctxOf: () => PunchCardIngestContext) {
  let running: Promise<void> | undefined;
  const run = (): Promise<void> =>
    (running ??= (async () => {
      try {
        while ((await workPendingDays(ctxOf())) > 0);
      } finally {
        running = undefined;
      }
    })());
  return { run };
}
