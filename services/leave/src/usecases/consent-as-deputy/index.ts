import { conflict } from '../../domain/errors.ts';
import * as publish from '../../messaging/publishers.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { balanceSnapshot } from '../shared/balances.ts';
import { DEPUTY_ON_LEAVE_MESSAGE, dutyToAnswer, isOnLeave } from '../shared/deputies.ts';
import { loadForm, writeForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/**
 * The deputy consents (同意) online; consent is the first approval step, so
 * the form goes to approval. A deputy who took over a duty (代理移轉) consents
 * the same way, and the form stays where it is.
 */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  const { deputy, transfer } = dutyToAnswer(actor, form);
  if (await isOnLeave(ctx, actor.sub, form.start, form.end))
    throw conflict('DEPUTY_ON_LEAVE', 'params.formId', '職務代理人', DEPUTY_ON_LEAVE_MESSAGE);
  const consented = { ...deputy, status: 'consented' as const, at: ctx.clock() };
  if (transfer) {
    const events = [publish.deputyConsented(form, actor.sub, deputy.transferredFrom!.personId)];
    return formView(
      await writeForm(ctx, {
        from: form,
        set: { deputy: consented },
        history: { action: 'deputy-consent', actorId: actor.sub, note: '代理移轉' },
        events,
      }),
    );
  }
  const inApproval = { ...form, deputy: consented, status: 'in-approval' as const };
  const balance = await balanceSnapshot(ctx, form);
  const events = [publish.deputyConsented(form, actor.sub), publish.approvalRequested(inApproval, balance)];
  return formView(
    await writeForm(ctx, {
      from: form,
      set: { deputy: consented, status: 'in-approval' },
      history: { action: 'deputy-consent', actorId: actor.sub },
      events,
    }),
  );
}
