import { cancelFormCommand } from '@webitr/contracts';
import type { CancelFormCommand } from '@webitr/contracts';
import { conflict, invalid } from '../../domain/errors.ts';
import { assertCan } from '../../domain/form.ts';
import * as publish from '../../messaging/publishers.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { balanceSnapshot } from '../shared/balances.ts';
import { assertApplicant } from '../shared/access.ts';
import { loadForm, writeForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

export const command = cancelFormCommand;
export type Command = CancelFormCommand;

/**
 * 撤銷: an approved form that has not started yet is cancelled through
 * approval (the approval service decides on `leave.request.cancel-requested`);
 * its time is released when that is approved (apply-approval-decision).
 */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string, command: Command): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  assertApplicant(actor, form);
  assertCan('cancel', form.status);
  if (form.kind === 'forgotten-punch') throw invalid('CANCEL_NOT_APPLICABLE', 'params.formId', '表單', '忘刷卡申請無法撤銷');
  if (form.start <= ctx.clock()) throw conflict('CANCEL_TOO_LATE', 'params.formId', '表單', '已開始或已過的差假無法撤銷');
  const cancel = { reason: command.reason, requestedAt: ctx.clock() };
  const events = [publish.cancelRequested(form, command.reason, await balanceSnapshot(ctx, form))];
  const next = await writeForm(ctx, {
    from: form,
    set: { status: 'cancel-requested', cancel },
    history: { action: 'cancel-request', actorId: actor.sub, note: command.reason },
    events,
  });
  return formView(next);
}
