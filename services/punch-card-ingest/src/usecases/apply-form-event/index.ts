import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';
import { punchId } from '../../models/punch.ts';
import { computeDays, datesOf, foldPunch } from '../shared/attendance.ts';
import type { DaySummary } from '../shared/attendance.ts';
import { isDuplicateKeyError } from '@webitr/platform';
import { taipeiLocal } from '@webitr/work-calendar';

/** Forms whose time counts as present: leave (incl. 公出, 出差) and comp time. Overtime is extra time; forgotten punches are punches. */
const COVERING = new Set(['leave', 'comp-time']);

/** A form went for approval: remember its period (the approval events carry none). Redelivery sets the same facts again. */
export async function requested(ctx: PunchCardIngestContext, event: EventEnvelope<EventPayload<'leave.request.approval-requested'>>) {
  const p = event.payload;
  // A returned form, modified and sent again, waits for approval anew (read on its _id: the one filter FerretDB serves from an index).
  const reopened = (await ctx.models.forms.findById(p.formId, { status: 1 }).lean())?.status === 'closed';
  await ctx.models.forms.updateOne(
    { _id: p.formId },
    {
      $set: {
        personId: p.applicantId,
        agencyId: p.agencyId,
        kind: p.kind,
        ...(p.leaveType ? { leaveType: p.leaveType } : {}),
        ...(p.punchDirection ? { punchDirection: p.punchDirection } : {}),
        ...(p.start ? { start: new Date(p.start) } : {}),
        ...(p.end ? { end: new Date(p.end) } : {}),
        ...(reopened ? { status: 'requested' } : {}),
      },
      ...(reopened ? {} : { $setOnInsert: { status: 'requested' } }),
    },
    { upsert: true },
  );
}

/**
 * A form was approved: a covering form is added to each day it touches; an
 * approved forgotten punch (忘刷卡) becomes a punch of its own (source
 * `form:<id>`, so a redelivery adds nothing). The days are computed again.
 */
export async function approved(ctx: PunchCardIngestContext, event: EventEnvelope<EventPayload<'leave.request.approved'>>) {
  const form = await ctx.models.forms
    .findOneAndUpdate({ _id: event.payload.formId }, { $set: { status: 'approved' } }, { returnDocument: 'after' })
    .lean();
  if (!form?.start || !form.end) return;
  if (form.kind === 'forgotten-punch') {
    const at = form.start;
    const { date } = taipeiLocal(at);
    const kind = form.punchDirection === 'out' ? '下班' : form.punchDirection === 'in' ? '上班' : undefined;
    try {
      await ctx.models.punches.create({
        _id: punchId(form.personId, at, `form:${form._id}`),
        personId: form.personId,
        agencyId: form.agencyId,
        at,
        date,
        ...(kind ? { kind } : {}),
        channel: 'forgotten-punch',
        source: `form:${form._id}`,
        recordedAt: ctx.clock(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const summary: DaySummary = {};
    foldPunch(summary, at, kind);
    await computeDays(ctx, [{ personId: form.personId, agencyId: form.agencyId, date, merge: summary }]);
    return;
  }
  if (!COVERING.has(form.kind)) return;
  const covering = { kind: form.kind, ...(form.leaveType ? { leaveType: form.leaveType } : {}), start: form.start, end: form.end };
  // Each day gets the form (by id: a redelivery sets the same) and its result in one write.
  await computeDays(
    ctx,
    datesOf(form.start, form.end).map((date) => ({
      personId: form.personId,
      agencyId: form.agencyId,
      date,
      forms: { [form._id]: covering },
    })),
  );
}

/**
 * An approved form was cancelled (撤銷): it no longer covers its days, which
 * are computed again. Leave never cancels an approved forgotten punch
 * (CANCEL_NOT_APPLICABLE: the correction stands), so its punch stays.
 */
export async function cancelled(ctx: PunchCardIngestContext, event: EventEnvelope<EventPayload<'leave.request.cancelled'>>) {
  const form = await ctx.models.forms
    .findOneAndUpdate({ _id: event.payload.formId }, { $set: { status: 'cancelled' } }, { returnDocument: 'after' })
    .lean();
  if (!form?.start || !form.end || !COVERING.has(form.kind)) return;
  await computeDays(
    ctx,
    datesOf(form.start, form.end).map((date) => ({ personId: form.personId, agencyId: form.agencyId, date, forms: { [form._id]: null } })),
  );
}

/**
 * A form waiting for approval was withdrawn, rejected or returned: it no
 * longer waits (刷卡資料 stops showing a 忘刷卡 as 申請中). An approved or
 * cancelled form keeps its state (these events never follow approval).
 */
export async function closed(ctx: PunchCardIngestContext, event: EventEnvelope<{ formId: string }>) {
  const form = await ctx.models.forms.findById(event.payload.formId, { status: 1 }).lean();
  if (form?.status === 'requested') await ctx.models.forms.updateOne({ _id: form._id }, { $set: { status: 'closed' } });
}
