import { declineAsDeputyCommand } from '@webitr/contracts';
import type { DeclineAsDeputyCommand } from '@webitr/contracts';
import * as publish from '../../messaging/publishers.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { dutyToAnswer } from '../shared/deputies.ts';
import { loadForm, writeForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

export const command = declineAsDeputyCommand;
export type Command = DeclineAsDeputyCommand;

/**
 * The deputy declines (不同意): the form goes back to its applicant. A deputy
 * who took over a duty (代理移轉) and declines gives it back to the one who
 * handed it on.
 */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string, command: Command): Promise<FormView> {
  const { reason } = command;
  const form = await loadForm(ctx, formId);
  const { deputy, transfer } = dutyToAnswer(actor, form);
  const now = ctx.clock();
  if (transfer) {
    const back = { personId: deputy.transferredFrom!.personId, name: deputy.transferredFrom!.name, status: 'consented' as const, at: now };
    const events = [publish.deputyDeclined(form, actor.sub, reason, deputy.transferredFrom!.personId)];
    return formView(
      await writeForm(ctx, {
        from: form,
        set: { deputy: back },
        history: { action: 'deputy-decline', actorId: actor.sub, note: `代理移轉不同意${reason ? `：${reason}` : ''}` },
        events,
      }),
    );
  }
  const note = `職務代理人${deputy.name}不同意${reason ? `：${reason}` : ''}`;
  return formView(
    await writeForm(ctx, {
      from: form,
      set: { deputy: { ...deputy, status: 'declined', at: now }, status: 'returned' },
      history: { action: 'deputy-decline', actorId: actor.sub, ...(reason ? { note: reason } : {}) },
      events: [publish.deputyDeclined(form, actor.sub, reason), publish.returned(form, note, 'deputy')],
    }),
  );
}
