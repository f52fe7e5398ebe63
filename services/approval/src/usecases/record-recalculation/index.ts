import { leaveEvents } from '@webitr/contracts';
import { formatDuration } from '@webitr/work-calendar';
import type { UpdateQuery } from 'mongoose';
import type { z } from 'zod';
import type { ApprovalContext } from '../../context.ts';
import { DAY_MINUTES } from '../../domain/routing.ts';
import type { ApprovalCase, HistoryEntry } from '../../models/approval-case.ts';

/** What the leave service's `leave.request.recalculated` says. */
export const command = leaveEvents['leave.request.recalculated'].pick({
  formId: true,
  formVersion: true,
  submission: true,
  minutes: true,
  previousMinutes: true,
  duration: true,
  reason: true,
});
export type Command = z.infer<typeof command>;

/** The open cases of the form's round (its request, or its cancellation) that have not applied this recalculation or a newer one. */
const openAndOlder = (command: Command) => ({
  formId: command.formId,
  submission: command.submission,
  status: 'in-approval' as const,
  $or: [{ recalculationVersion: { $exists: false } }, { recalculationVersion: { $lt: command.formVersion } }],
});

/**
 * The calendar changed inside a form in approval (a national holiday, an
 * agency's closure) and the leave service measured it again: its open cases
 * show the new counted time (`minutes`, `details.duration`), so approvers
 * decide on what will be charged. The route stays the snapshot it was.
 *
 * The balance the case showed (`details.balance`) is dropped: the event does
 * not say which balance took the difference (a form may be charged to several
 * ledgers or periods, comp time by grant), so a figure derived here could be
 * wrong. The case version goes up, so a decision on a screen that showed the
 * old time is refused (409 CASE_CHANGED) and the approver reads it again.
 *
 * Each recalculation carries the form's version after it (`formVersion`); a
 * case applies only one newer than the last it applied (`recalculationVersion`),
 * so a redelivery, or an older one delivered after a newer, changes nothing.
 */
export async function execute(ctx: ApprovalContext, command: Command): Promise<void> {
  const cases = await ctx.cases.find(openAndOlder(command), { outbox: 0 }).lean();
  for (const c of cases) {
    const unchanged = c.minutes === command.minutes && (!c.details || c.details.duration === command.duration);
    const before = c.details?.duration ?? formatDuration(c.minutes ?? command.previousMinutes, DAY_MINUTES);
    const entry: HistoryEntry = {
      at: ctx.clock(),
      step: -1,
      stepLabel: '重新核計',
      actorId: 'system',
      action: 'recalculated',
      result: '核計時數變更',
      comment: `${command.reason}：由 ${before} 改為 ${command.duration}`,
    };
    const update: UpdateQuery<ApprovalCase> = unchanged
      ? { $set: { recalculationVersion: command.formVersion } }
      : {
          $set: {
            minutes: command.minutes,
            recalculationVersion: command.formVersion,
            ...(c.details ? { 'details.duration': command.duration } : {}),
          },
          ...(c.details?.balance ? { $unset: { 'details.balance': 1 } } : {}),
          $inc: { version: 1 },
          $push: { history: entry },
        };
    // The same guard again: of two deliveries racing, the one that writes first wins and the other changes nothing.
    await ctx.cases.updateOne({ _id: c._id, ...openAndOlder(command) }, update);
  }
}
