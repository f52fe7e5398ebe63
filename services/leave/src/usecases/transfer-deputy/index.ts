import { transferDeputyCommand } from '@webitr/contracts';
import type { TransferDeputyCommand } from '@webitr/contracts';
import { ForbiddenError, NotFoundError } from '@webitr/platform';
import { conflict, invalid } from '../../domain/errors.ts';
import { assertCan } from '../../domain/form.ts';
import * as publish from '../../messaging/publishers.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { DEPUTY_ON_LEAVE_MESSAGE, isOnLeave } from '../shared/deputies.ts';
import { loadForm, writeForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

export const command = transferDeputyCommand;
export type Command = TransferDeputyCommand;

/** 代理移轉: a deputy who accepted a duty hands it to someone else, who must consent in turn. */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string, command: Command): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  const deputy = form.deputy;
  if (!deputy || deputy.personId !== actor.sub) throw new ForbiddenError({ code: 'NOT_DEPUTY', detail: '您不是此表單的職務代理人' });
  if (deputy.status !== 'consented') throw conflict('DEPUTY_NOT_CONSENTED', 'params.formId', '表單', '須先同意代理，才能移轉');
  assertCan('transfer-deputy', form.status);
  if (command.toPersonId === form.applicantId || command.toPersonId === actor.sub)
    throw invalid('TRANSFER_TARGET', 'body.toPersonId', '移轉代理人', '不得移轉給申請人或自己');
  const target = await ctx.people.get(command.toPersonId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw invalid('TRANSFER_TARGET', 'body.toPersonId', '移轉代理人', `查無人員 ${command.toPersonId}`);
    throw error;
  });
  // Someone of another agency is not named in the refusal; a colleague who is not active may be.
  if (target.agencyId !== form.agencyId) throw invalid('TRANSFER_TARGET', 'body.toPersonId', '移轉代理人', '此人員不是本機關在職人員');
  if (target.status !== 'active') throw invalid('TRANSFER_TARGET', 'body.toPersonId', '移轉代理人', `${target.name}不是本機關在職人員`);
  if (await isOnLeave(ctx, target.id, form.start, form.end))
    throw conflict('DEPUTY_ON_LEAVE', 'body.toPersonId', '移轉代理人', `${target.name}${DEPUTY_ON_LEAVE_MESSAGE}`);
  const next = {
    personId: target.id,
    name: target.name,
    status: 'pending' as const,
    transferredFrom: { personId: deputy.personId, name: deputy.name },
  };
  const events = [publish.deputyTransferred(form, actor.sub, target.id)];
  return formView(
    await writeForm(ctx, {
      from: form,
      set: { deputy: next },
      history: { action: 'deputy-transfer', actorId: actor.sub, note: `移轉給${target.name}` },
      events,
    }),
  );
}
