import { parseInput } from '@webitr/platform';
import { assertCan } from '../../domain/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertApplicant, assertCanSee } from '../shared/access.ts';
import { forgottenPunchCommand, leaveCommand, modifyFormCommand, overtimeCommand } from '@webitr/contracts';
import { fileForgottenPunch } from '../shared/forgotten-punch-filing.ts';
import { loadForm } from '../shared/forms.ts';
import { fileLeave, prepareLeave } from '../shared/leave-filing.ts';
import { fileOvertime, prepareOvertime } from '../shared/overtime-filing.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** The body of a modification is the filing body of the form's kind; the union documents it, the kind's schema validates it. */
export const command = modifyFormCommand;

/**
 * 修改: a returned or pending form of its applicant, checked again in full as
 * for filing (applicantIds, if given, are ignored); it starts over at the
 * deputy (or approval).
 */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string, body: unknown): Promise<FormView> {
  const existing = await loadForm(ctx, formId);
  assertCanSee(actor, existing);
  if (existing.kind === 'overtime') {
    const command = parseInput(overtimeCommand, body, 'body');
    assertModifiable(actor, existing);
    const prepared = await prepareOvertime(ctx, actor, existing.applicantId);
    return formView(await fileOvertime(ctx, actor, command, prepared, existing));
  }
  if (existing.kind === 'forgotten-punch') {
    const command = parseInput(forgottenPunchCommand, body, 'body');
    assertModifiable(actor, existing);
    return formView(await fileForgottenPunch(ctx, actor, command, existing));
  }
  const command = parseInput(leaveCommand, body, 'body');
  assertModifiable(actor, existing);
  const prepared = await prepareLeave(ctx, actor, { ...command, applicantIds: undefined }, existing.applicantId, existing);
  return formView(await fileLeave(ctx, actor, command, prepared, existing));
}

function assertModifiable(actor: Actor, form: Awaited<ReturnType<typeof loadForm>>): void {
  assertApplicant(actor, form);
  assertCan('modify', form.status);
}
