import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanRead } from '../shared/access.ts';
import { loadForm } from '../shared/forms.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** One form, for those who may read it (to anyone else it does not exist). */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string): Promise<FormView> {
  const form = await loadForm(ctx, formId);
  await assertCanRead(ctx, actor, form);
  return formView(form);
}
