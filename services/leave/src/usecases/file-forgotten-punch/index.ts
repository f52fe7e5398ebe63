import type { Actor, LeaveContext } from '../../context.ts';
import { forgottenPunchCommand } from '@webitr/contracts';
import type { ForgottenPunchCommand } from '@webitr/contracts';
import { fileForgottenPunch } from '../shared/forgotten-punch-filing.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 忘刷卡申請: the date, clock-in or clock-out, the time, and why. */
export const command = forgottenPunchCommand;

export async function execute(ctx: LeaveContext, actor: Actor, command: ForgottenPunchCommand): Promise<FormView> {
  return formView(await fileForgottenPunch(ctx, actor, command));
}
