import type { Actor, LeaveContext } from '../../context.ts';
import { fileForApplicants } from '../shared/applicants.ts';
import { overtimeCommand } from '@webitr/contracts';
import type { OvertimeCommand } from '@webitr/contracts';
import { checkOvertime, fileOvertime, prepareOvertime } from '../shared/overtime-filing.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 加班申請: applied for beforehand; compensated as comp time (補休) or pay (加班費). */
export const command = overtimeCommand;

/**
 * 加班申請 for the actor, or for several people at once (多人, e.g. a school
 * event): every applicant is checked (prior application, caps, overlap) and
 * nothing is stored for anyone unless all pass; one form per applicant.
 */
export async function execute(ctx: LeaveContext, actor: Actor, command: OvertimeCommand): Promise<FormView[]> {
  const forms = await fileForApplicants(ctx, actor, command.applicantIds, {
    prepare: async (applicantId) => {
      const prepared = await prepareOvertime(ctx, actor, applicantId);
      await checkOvertime(ctx, command, prepared);
      return prepared;
    },
    file: (prepared) => fileOvertime(ctx, actor, command, prepared),
  });
  return forms.map(formView);
}
