import type { Actor, LeaveContext } from '../../context.ts';
import { fileForgottenPunch, forgottenPunchCommand } from '../shared/forgotten-punch-filing.ts';
import type { ForgottenPunchCommand } from '../shared/forgotten-punch-filing.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 忘刷卡申請: the date, clock-in or clock-out, the time, and why. */
export const command = forgottenPunchCommand;

export async function execute(ctx: LeaveContext, actor: Actor, command: ForgottenPunchCommand): Promise<FormView> {
  return formView(await fileForgottenPunch(ctx, actor, command));
}
