import { z } from 'zod';
import { createEvent, withOutbox } from '@webitr/platform';
import { workingTimeBetween } from '@webitr/work-calendar';
import type { WorkSchedule } from '@webitr/work-calendar';
import type { ApprovalContext } from '../../context.ts';
import { PRODUCER } from '../../context.ts';
import type { ApprovalCase } from '../../models/approval-case.ts';
import { deputiesOfAbsentApprovers } from '../shared/delegations.ts';

/**
 * The working day reminders count in. The approval service does not know each
 * agency's holidays and closures (the leave service keeps the calendar), so a
 * reminder after a holiday can come up to a day early; it never comes late.
 */
export const REMINDER_SCHEDULE: WorkSchedule = {
  id: 'office',
  name: '一般上班時間',
  start: '08:00',
  end: '17:00',
  breaks: [{ start: '12:00', end: '13:00' }],
};

/** How long a step may wait, in working hours, before its approvers are reminded. */
export const command = z.object({ afterWorkingHours: z.number().positive() });
export type Command = z.infer<typeof command>;

/**
 * Remind the approvers of every step that has waited longer than
 * `afterWorkingHours` (the stand-in deputy of one away now): once per step, published through the case's outbox
 * (the notification service turns it into a message). The write is
 * conditional on the step not having moved, and does not touch the case
 * version, so an approver's open screen stays valid.
 */
export async function execute(ctx: ApprovalContext, command: Command): Promise<number> {
  const now = ctx.clock();
  const threshold = command.afterWorkingHours * 60;
  // Wall time is never less than working time, so this finds every candidate.
  const waiting = await ctx.cases
    .find({ status: 'in-approval', stepSince: { $lte: new Date(now.getTime() - threshold * 60_000) } }, { outbox: 0, history: 0 })
    .limit(500)
    .lean<ApprovalCase[]>();
  let reminded = 0;
  for (const c of waiting) {
    if (c.remindedStep === c.currentStep) continue;
    const waitingMinutes = workingTimeBetween(c.stepSince, now, REMINDER_SCHEDULE, []).minutes;
    if (waitingMinutes < threshold) continue;
    const step = c.route[c.currentStep]!;
    // An approver away now is not the one who will act: their deputy is (and may not look at the step otherwise).
    // (Not the applicant, though, who cannot act on their own form.)
    const delegations = [...(await deputiesOfAbsentApprovers(ctx, step.approverIds))].filter(([, deputyId]) => deputyId !== c.applicantId);
    const standIn = new Map(delegations);
    const onBehalfOf = Object.fromEntries(delegations.map(([approverId, deputyId]) => [deputyId, approverId]));
    const approverIds = [...new Set(step.approverIds.map((id) => standIn.get(id) ?? id))];
    const event = createEvent(
      'approval.step.overdue',
      {
        caseId: c._id,
        formId: c.formId,
        kind: c.kind,
        applicantId: c.applicantId,
        agencyId: c.agencyId,
        stepLabel: step.label,
        approverIds,
        ...(Object.keys(onBehalfOf).length ? { onBehalfOf } : {}),
        waitingMinutes,
      },
      PRODUCER,
    );
    const written = await ctx.cases.updateOne(
      { _id: c._id, status: 'in-approval', currentStep: c.currentStep, remindedStep: { $ne: c.currentStep } },
      withOutbox<ApprovalCase>({ $set: { remindedStep: c.currentStep } }, [event]),
    );
    reminded += written.modifiedCount;
  }
  if (reminded) ctx.relay.kick();
  return reminded;
}
