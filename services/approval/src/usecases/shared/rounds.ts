import { isDuplicateKeyError } from '@webitr/platform';
import type { ApprovalContext } from '../../context.ts';
import type { ApprovalCase } from '../../models/approval-case.ts';

/**
 * 修改: the applicant modified the form, so every earlier round of it still in
 * approval is nobody's to decide any more, whether or not the new round ever
 * reaches approval (its deputy may decline it). The round is recorded first
 * (requests only: a cancellation keeps its form's submission), and every round
 * before the latest one heard of is closed. Only rounds still in approval
 * match, so running it again (a redelivery, or the new round opening after the
 * `modified` event did this) changes nothing. Returns how many rounds it closed
 * and the latest round.
 */
export async function supersede(
  ctx: ApprovalContext,
  form: { formId: string; applicantId: string; subject: ApprovalCase['subject']; submission: number },
): Promise<{ superseded: number; latest: number }> {
  const latest = form.subject === 'request' ? await recordRound(ctx, form.formId, form.submission) : form.submission;
  const at = ctx.clock();
  const { modifiedCount } = await ctx.cases.updateMany(
    { formId: form.formId, subject: form.subject, submission: { $lt: latest }, status: 'in-approval' },
    {
      $set: { status: 'superseded', currentApproverIds: [] },
      $push: {
        history: {
          at,
          step: -1,
          stepLabel: '修改',
          actorId: form.applicantId,
          action: 'superseded',
          result: '已修改重送',
          comment: `由第 ${latest} 次送出取代`,
        },
      },
      $inc: { version: 1 },
    },
  );
  return { superseded: modifiedCount, latest };
}

/** The latest round of a form's request now that `submission` has been heard of (only ever goes up). */
async function recordRound(ctx: ApprovalContext, formId: string, submission: number): Promise<number> {
  const update = () =>
    ctx.rounds.findOneAndUpdate({ _id: formId }, { $max: { latest: submission } }, { upsert: true, returnDocument: 'after' }).lean();
  // Two first rounds heard of at once: one insert wins, the other updates the record it made.
  const record = await update().catch((error: unknown) => (isDuplicateKeyError(error) ? update() : Promise.reject(error)));
  return record.latest;
}

/** The latest round of a form's request heard of so far (0: none). */
export async function latestRound(ctx: ApprovalContext, formId: string): Promise<number> {
  return (await ctx.rounds.findById(formId, { latest: 1 }).lean())?.latest ?? 0;
}
