import type { PunchCardIngestContext } from '../../context.ts';
import { workPendingDays } from '../shared/attendance.ts';
import { DayInputs } from '../shared/day-inputs.ts';

/** How long the people and calendars one pass read are used by the passes after it (each copy's age is still checked when read). */
const INPUTS_LIFETIME_MS = 60_000;

/**
 * The attendance job: work the days uploads, devices and web punches left
 * until none is left, in batches (computeDays). One pass at a time, whether
 * the timer or a kick starts it; a kick waits `kickDelayMs` for more work to
 * come with it (the morning rush's punches arrive many a second). The people
 * and calendars read are kept for a minute across passes, so a rush of kicks
 * reads the agency's people once, not once a pass.
 */
export function attendanceWorker(ctxOf: () => PunchCardIngestContext, options: { kickDelayMs?: number } = {}) {
  let running: Promise<void> | undefined;
  let again = false;
  let scheduled: NodeJS.Timeout | undefined;
  let inputs: { value: DayInputs; since: number } | undefined;

  const run = (): Promise<void> => {
    if (running) {
      // Work that came in during this pass is looked for again before it ends.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const ctx = ctxOf();
        do {
          again = false;
          if (!inputs || Date.now() - inputs.since > INPUTS_LIFETIME_MS) inputs = { value: new DayInputs(ctx), since: Date.now() };
          while ((await workPendingDays(ctx, inputs.value)) > 0);
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  /** Start a pass soon (after the delay), unless one is due already; failures go to `onError` (the timer retries). */
  const kick = (onError: (err: unknown) => void): void => {
    if (scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      run().catch(onError);
    }, options.kickDelayMs ?? 0);
    scheduled.unref();
  };

  return { run, kick };
}
