import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { conflict } from '../../domain/errors.ts';
import { canDo } from '../../domain/form.ts';
import * as publish from '../../messaging/publishers.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { DEPUTY_ON_LEAVE_MESSAGE, isOnLeave } from '../shared/deputies.ts';
import { balanceSnapshot } from '../shared/balances.ts';
import { loadForm, updateForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

export const declineCommand = z.object({ reason: z.string().trim().max(200).optional().meta({ title: '不同意事由' }) });

/**
 * The deputy consents (同意) or declines (不同意) online; consent is the first
 * approval step. A deputy who took over a duty (代理移轉) answers the same way;
 * if they decline, the duty goes back to the one who handed it on.
 */
export async function respondAsDeputy(ctx: LeaveContext, actor: Actor, formId: string, answer: 'consent' | 'decline', reason?: string): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  const deputy = form.deputy;
  if (!deputy || deputy.personId !== actor.sub) throw new ForbiddenError({ code: 'NOT_DEPUTY', detail: '您不是此表單的職務代理人' });
  const transfer = deputy.transferredFrom !== undefined;
  if (deputy.status !== 'pending' || !(transfer ? canDo('transfer-deputy', form.status) : form.status === 'waiting-for-deputy')) {
    throw conflict('DEPUTY_ALREADY_ANSWERED', 'params.formId', '表單', '此代理案件已不需您簽核');
  }
  const now = ctx.clock();
  if (answer === 'consent') {
    if (await isOnLeave(ctx, actor.sub, form.start, form.end)) throw conflict('DEPUTY_ON_LEAVE', 'params.formId', '職務代理人', DEPUTY_ON_LEAVE_MESSAGE);
    const next = { ...form, deputy: { ...deputy, status: 'consented' as const, at: now } };
    if (transfer) {
      return formView(await updateForm(ctx, form, { $set: { deputy: next.deputy } }, { action: 'deputy-consent', actorId: actor.sub, note: '代理移轉' }, [publish.deputyConsented(form, actor.sub, deputy.transferredFrom!.personId)]));
    }
    const inApproval = { ...next, status: 'in-approval' as const };
    const balance = await balanceSnapshot(ctx, form);
    return formView(
      await updateForm(ctx, form, { $set: { deputy: next.deputy, status: 'in-approval' } }, { action: 'deputy-consent', actorId: actor.sub }, [publish.deputyConsented(form, actor.sub), publish.approvalRequested(inApproval, balance)]),
    );
  }
  if (transfer) {
    const back = { personId: deputy.transferredFrom!.personId, name: deputy.transferredFrom!.name, status: 'consented' as const, at: now };
    return formView(await updateForm(ctx, form, { $set: { deputy: back } }, { action: 'deputy-decline', actorId: actor.sub, note: `代理移轉不同意${reason ? `：${reason}` : ''}` }, [publish.deputyDeclined(form, actor.sub, reason, deputy.transferredFrom!.personId)]));
  }
  const note = `職務代理人${deputy.name}不同意${reason ? `：${reason}` : ''}`;
  return formView(
    await updateForm(
      ctx,
      form,
      { $set: { deputy: { ...deputy, status: 'declined', at: now }, status: 'returned' } },
      { action: 'deputy-decline', actorId: actor.sub, ...(reason ? { note: reason } : {}) },
      [publish.deputyDeclined(form, actor.sub, reason), publish.returned(form, note, 'deputy')],
    ),
  );
}
