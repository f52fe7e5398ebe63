import type { Actor, LeaveContext } from '../../context.ts';
import { fileForApplicants } from '../shared/applicants.ts';
import { assertNoOverlap, overlappingAbsences } from '../shared/forms.ts';
import { leaveCommand } from '@webitr/contracts';
import type { LeaveCommand } from '@webitr/contracts';
import { fileLeave, prepareLeave } from '../shared/leave-filing.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 差假申請 (and 加班補休, which is a leave type drawing on comp time). */
export const command = leaveCommand;

/** Submit a leave request for the actor, or for several people at once (多人): all are checked first, and nothing is stored unless all pass. */
export async function execute(ctx: LeaveContext, actor: Actor, command: LeaveCommand): Promise<FormView[]> {
  const several = new Set(command.applicantIds ?? []).size > 1;
  const forms = await fileForApplicants(ctx, actor, command.applicantIds, {
    prepare: async (applicantId) => {
      const prepared = await prepareLeave(ctx, actor, command, applicantId);
      // Checked under the applicant's lock when filing; for a 多人 filing here too, so that it is refused before anything is written.
      if (!prepared.rule.declaration && several) assertNoOverlap(await overlappingAbsences(ctx, applicantId, command.start, command.end));
      return prepared;
    },
    file: (prepared) => fileLeave(ctx, actor, command, prepared),
  });
  return forms.map(formView);
}
