import type { EventEnvelope, EventPayload } from '@webitr/contracts';
import { addGrant, remainingOf } from '../../domain/balance.ts';
import { taipeiLocal } from '@webitr/work-calendar';
import { compTimeExpiry } from '../../domain/overtime.ts';
import * as publish from '../../messaging/publishers.ts';
import { balanceId } from '../../models/balance.ts';
import type { FormDoc } from '../../models/form.ts';
import { ensureBalance, mutateBalance, settleForm } from '../shared/balances.ts';
import type { LeaveContext } from '../../context.ts';
import { writeForm } from '../shared/forms.ts';
import { loadPolicy } from '../shared/policies.ts';

type Decision = 'approved' | 'rejected' | 'returned';
type Payload = EventPayload<'approval.form.approved'> & { reason?: string };

/**
 * The approval service decided (issue 6). Every write here is conditional on
 * the form's status and submission round, and every balance step is keyed by
 * the form, so a redelivered or duplicated decision changes nothing, and a
 * decision about an older round (the form was modified since) is ignored.
 * A handler killed half-way is completed by the redelivery: the form's
 * status is the record and the balance step after it is idempotent.
 */
export async function execute(ctx: LeaveContext, decision: Decision, event: EventEnvelope<Payload>): Promise<void> {
  const p = event.payload;
  const log = ctx.logger.child({ formId: p.formId, decision, subject: p.subject, eventId: event.id });
  const form = await ctx.models.forms.findById(p.formId).lean<FormDoc>();
  if (!form) return log.warn('decision for an unknown form; ignored');
  if (form.submission !== p.submission) return log.info({ submission: form.submission }, 'decision about an older submission; ignored');
  const reason = p.reason ?? p.comment ?? '';
  const decided = {
    by: p.decidedBy,
    at: new Date(event.occurredAt),
    ...(p.comment ? { comment: p.comment } : {}),
    ...(p.reason ? { reason: p.reason } : {}),
  };
  const history = {
    action: `${p.subject === 'cancellation' ? 'cancel-' : ''}${decision}`,
    actorId: p.decidedBy,
    ...(reason ? { note: reason } : {}),
  };

  if (p.subject === 'request') {
    const target = { approved: 'approved', rejected: 'rejected', returned: 'returned' } as const;
    let current = form;
    if (form.status === 'in-approval') {
      const events =
        decision === 'approved'
          ? [publish.approved(form, p.decidedBy)]
          : decision === 'rejected'
            ? [publish.rejected(form, reason)]
            : [publish.returned(form, reason, 'approver')];
      current = await writeForm(ctx, { from: form, set: { status: target[decision], decision: decided }, history, events });
    } else if (form.status !== target[decision]) {
      return log.info({ status: form.status }, 'decision does not apply to the form in its current status; ignored');
    }
    if (decision === 'approved') {
      await settleForm(ctx, current, 'consume');
      if (current.kind === 'overtime' && current.overtime?.compensation === 'comp-time') await grantCompTime(ctx, current);
    }
    if (decision === 'rejected') await settleForm(ctx, current, 'release');
    return;
  }

  // Cancellation (撤銷) of an approved form; returned (e.g. no route for it) leaves the form approved, as rejected does.
  let current = form;
  const target = decision === 'approved' ? 'cancelled' : 'approved';
  if (form.status === 'cancel-requested') {
    const cancel = {
      ...form.cancel!,
      decidedAt: new Date(event.occurredAt),
      outcome: decision === 'approved' ? ('cancelled' as const) : ('rejected' as const),
    };
    const events = decision === 'approved' ? [publish.cancelled(form)] : [publish.cancelRejected(form, reason)];
    current = await writeForm(ctx, { from: form, set: { status: target, cancel }, history, events });
  } else if (form.status !== target) {
    return log.info({ status: form.status }, 'cancellation decision does not apply; ignored');
  }
  if (decision === 'approved') {
    await settleForm(ctx, current, 'release');
    if (current.kind === 'overtime') await revokeCompTime(ctx, current);
  }
}

/** Approved overtime compensated by comp time earns a grant valid for the agency's period (default 2 years). */
async function grantCompTime(ctx: LeaveContext, form: FormDoc): Promise<void> {
  const person = await ctx.people.get(form.applicantId);
  const policy = await loadPolicy(ctx, form.agencyId);
  await ensureBalance(ctx, person, policy, 'comp-time', 'ALL');
  const earnedOn = taipeiLocal(form.start).date;
  const grant = {
    id: form._id,
    minutes: form.minutes,
    earnedOn,
    expiresOn: compTimeExpiry(earnedOn, policy.settings.overtime.compTimeValidityMonths),
  };
  await mutateBalance(ctx, balanceId(form.applicantId, 'comp-time', 'ALL'), (state) => addGrant(state, grant, ctx.clock()));
}

/** A cancelled overtime gives back its grant, unless some of it is already used (then it stays, and the log says so). */
async function revokeCompTime(ctx: LeaveContext, form: FormDoc): Promise<void> {
  await mutateBalance(ctx, balanceId(form.applicantId, 'comp-time', 'ALL'), (state) => {
    const grant = state.grants?.find((g) => g.id === form._id);
    if (!grant) return state;
    const used = [...Object.values(state.reserved), ...Object.values(state.consumed)].some((c) => (c.fromGrants?.[grant.id] ?? 0) > 0);
    if (used) {
      ctx.logger.warn({ formId: form._id }, 'cancelled overtime whose comp time is in use; the grant stays');
      return state;
    }
    const grants = state.grants!.filter((g) => g.id !== grant.id);
    const next = { ...state, grants, granted: state.granted - grant.minutes };
    return remainingOf(next) >= 0 ? next : state;
  });
}
