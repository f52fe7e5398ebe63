import { assertCan } from '../../domain/form.ts';
import * as publish from '../../messaging/publishers.ts';
import { settleForm } from '../shared/balances.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertApplicant } from '../shared/access.ts';
import { loadForm, writeForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/**
 * 撤回: the applicant takes back a form before its final decision. The form
 * changes first (it is the record); then its reserved time is released — if
 * the process dies in between, reconciliation (reconcile-balances) releases it.
 */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  assertApplicant(actor, form);
  assertCan('withdraw', form.status);
  const next = await writeForm(ctx, {
    from: form,
    set: { status: 'withdrawn' },
    history: { action: 'withdraw', actorId: actor.sub },
    events: [publish.withdrawn(form)],
  });
  await settleForm(ctx, form, 'release');
  return formView(next);
}
