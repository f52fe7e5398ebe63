import { foldPunch } from './attendance.ts';
import type { DaySummary } from './attendance.ts';
import type { PendingDaysDoc } from '../../models/attendance-day.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { insertAll, raw } from './store.ts';
import type { RawCollection } from './store.ts';

/** The web punch as its pending entry keeps it until the attendance job stores it: `web|<punch id>`. */
export const webEntryId = (punch: PunchDoc): string => `web|${punch._id}`;

/** Punches written in one insert at most. */
const MAX_BATCH = 1_000;

/**
 * Web punches (出勤刷卡) written together: each request's punch goes into the
 * next insert, and one insert is in flight at a time, so at the morning rush
 * the punches arriving while one insert runs are written by the next — one
 * round trip for many (group commit) rather than one each. What is written
 * is the punch's pending entry (attendance_pending, `web|<punch id>`, the
 * punch inside): one document, so a punch answered is a punch kept, whatever
 * happens next; the attendance job stores the raw punch from it and merges
 * its day (both repeatable), then removes the entry. The same punch twice
 * (the same millisecond: a double click that reached us twice) is one.
 *
 * The entries go through the runtime's insert lane (`pending` is that
 * lane's attendance_pending): on FerretDB a connection of their own, so a
 * punch does not wait for the attendance job's reads and writes on the main
 * one — inserts of unique `_id`s only, as the lane requires.
 */
export class PunchWriter {
  readonly #pending: RawCollection;
  readonly #afterWrite: () => void;
  #queue: { entry: PendingDaysDoc; done: (error?: unknown) => void }[] = [];
  #writing = false;

  constructor(pending: unknown, afterWrite: () => void) {
    this.#pending = raw(pending);
    this.#afterWrite = afterWrite;
  }

  /** Resolves once the punch is stored (in its pending entry); rejects if the store failed it. */
  record(punch: PunchDoc): Promise<void> {
    const summary: DaySummary = {};
    foldPunch(summary, punch.at, punch.kind);
    const entry: PendingDaysDoc = {
      _id: webEntryId(punch),
      personId: punch.personId,
      agencyId: punch.agencyId,
      days: {
        [punch.date]: {
          ...(summary.firstIn ? { in: summary.firstIn.toISOString() } : {}),
          ...(summary.lastOut ? { out: summary.lastOut.toISOString() } : {}),
        },
      },
      punches: [punch],
      createdAt: punch.recordedAt,
    };
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      void this.#write();
    });
  }

  async #write(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          await insertAll(
            this.#pending,
            batch.map((b) => b.entry),
          );
        } catch (error) {
          for (const b of batch) b.done(error);
          continue;
        }
        for (const b of batch) b.done();
        this.#afterWrite();
      }
    } finally {
      this.#writing = false;
    }
  }
}
