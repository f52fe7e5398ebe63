import { ForbiddenError } from '@webitr/platform';
import { rolesAllow } from '@webitr/contracts';
import type { CategoryGroup, FlowGroup, FormKind, PersonIdentity } from '@webitr/contracts';

/**
 * Approval flows (批核流程) as attendance managers configure them per agency:
 * flow groups (流程群組) say whom a flow applies to; form category groups
 * (差假類別群組) say which forms; each flow is an ordered list of steps. The
 * schemas live in @webitr/contracts (forms/approval), which the 管理 pages'
 * forms validate with too.
 */

export { approverSchema, categoryGroupSchema, conditionSchema, flowGroupSchema, flowSchema, stepSchema } from '@webitr/contracts';
export type { Approver, CategoryGroup, Condition, Flow, FlowGroup, Step } from '@webitr/contracts';

export interface Applicant {
  personId: string;
  unitId?: string;
  jobCategory?: string;
}

/** The flow group for an applicant: person, then unit, then job category, then the agency default. */
export function flowGroupFor(groups: readonly FlowGroup[], applicant: Applicant): FlowGroup | undefined {
  return (
    groups.find((g) => g.personIds.includes(applicant.personId)) ??
    groups.find((g) => applicant.unitId !== undefined && g.unitIds.includes(applicant.unitId)) ??
    groups.find((g) => applicant.jobCategory !== undefined && g.jobCategories.includes(applicant.jobCategory)) ??
    groups.find((g) => g.isDefault)
  );
}

export function categoryGroupFor(
  groups: readonly CategoryGroup[],
  form: { kind: FormKind; leaveType?: string },
): CategoryGroup | undefined {
  const matching = groups.filter((g) => g.formKinds.includes(form.kind));
  // A group naming the leave type is more specific than one covering every type.
  return (
    matching.find((g) => form.leaveType !== undefined && g.leaveTypes.includes(form.leaveType)) ??
    matching.find((g) => g.leaveTypes.length === 0)
  );
}

/**
 * Only the agency's attendance managers (差勤管理者) configure its flows, and
 * system administrators anywhere: the contracts' permission table
 * (`configure-approval-flows`), from which the 管理 menu is made too.
 */
export function assertMayConfigure(actor: PersonIdentity, agencyId: string): void {
  if (!rolesAllow(actor.roles, 'configure-approval-flows', agencyId)) {
    throw new ForbiddenError({ code: 'NOT_ATTENDANCE_MANAGER', detail: '只有本機關的差勤管理者可以設定批核流程' });
  }
}
