import { z } from 'zod';
import { ForbiddenError, hasRole } from '@webitr/platform';
import { formKindSchema, roleNameSchema } from '@webitr/contracts';
import type { PersonIdentity } from '@webitr/contracts';

/**
 * Approval flows (批核流程) as attendance managers configure them per agency:
 * flow groups (流程群組) say whom a flow applies to; form category groups
 * (差假類別群組) say which forms; each flow is an ordered list of steps.
 */

/** Who decides a step. Resolved to people when a form is submitted. */
export const approverSchema = z.discriminatedUnion('kind', [
  /** The form's deputy (職務代理人); their consent is the first step. */
  z.object({ kind: z.literal('deputy') }),
  /** The applicant's unit head (單位主管), walking up the unit tree when the applicant heads the unit. */
  z.object({ kind: z.literal('unit-head'), levelsUp: z.number().int().min(0).max(5).default(0) }),
  /** The head of a named unit, e.g. the personnel office (人事室) or accounting (會計室) for a countersign (會辦). */
  z.object({ kind: z.literal('unit'), unitId: z.string().min(1) }),
  /** Everyone holding an agency role, e.g. the attendance managers (差勤管理者); any one of them decides. */
  z.object({ kind: z.literal('role'), role: roleNameSchema }),
  /** The agency head (機關首長), who makes the final decision (決行). */
  z.object({ kind: z.literal('agency-head') }),
  /** A named person. */
  z.object({ kind: z.literal('person'), personId: z.string().min(1) }),
]);
export type Approver = z.infer<typeof approverSchema>;

/** A condition on the form, e.g. more than 3 days goes to the agency head. */
export const conditionSchema = z.object({
  measure: z.enum(['days', 'hours']),
  op: z.enum(['gt', 'gte', 'lt', 'lte']),
  value: z.number().nonnegative(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const stepSchema = z.object({
  approver: approverSchema,
  /** 會辦: a countersign whose result reads 「會畢」 rather than approval. */
  countersign: z.boolean().default(false),
  /** The step applies only when the condition holds; otherwise it is skipped. */
  when: conditionSchema.optional(),
  label: z.string().min(1).max(30).meta({ title: '步驟名稱' }),
});
export type Step = z.infer<typeof stepSchema>;

export const flowSchema = z.object({
  agencyId: z.string().min(1),
  name: z.string().min(1).max(50).meta({ title: '流程名稱' }),
  flowGroupId: z.string().min(1).meta({ title: '流程群組' }),
  categoryGroupId: z.string().min(1).meta({ title: '差假類別群組' }),
  steps: z.array(stepSchema).min(1).max(12).meta({ title: '批核步驟' }),
});
export type Flow = z.infer<typeof flowSchema>;

/** Which forms a flow covers: form kinds, and for leave the leave types. */
export const categoryGroupSchema = z.object({
  id: z.string().min(1),
  agencyId: z.string().min(1),
  name: z.string().min(1).max(50),
  formKinds: z.array(formKindSchema).min(1),
  /** Empty: every leave type. */
  leaveTypes: z.array(z.string()).default([]),
});
export type CategoryGroup = z.infer<typeof categoryGroupSchema>;

/** Whom a flow group applies to; the most specific match wins (person, then unit, then job category, then the default). */
export const flowGroupSchema = z.object({
  id: z.string().min(1),
  agencyId: z.string().min(1),
  name: z.string().min(1).max(50),
  personIds: z.array(z.string()).default([]),
  unitIds: z.array(z.string()).default([]),
  jobCategories: z.array(z.string()).default([]),
  isDefault: z.boolean().default(false),
});
export type FlowGroup = z.infer<typeof flowGroupSchema>;

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
  form: { kind: z.infer<typeof formKindSchema>; leaveType?: string },
): CategoryGroup | undefined {
  const matching = groups.filter((g) => g.formKinds.includes(form.kind));
  // A group naming the leave type is more specific than one covering every type.
  return (
    matching.find((g) => form.leaveType !== undefined && g.leaveTypes.includes(form.leaveType)) ??
    matching.find((g) => g.leaveTypes.length === 0)
  );
}

/** Only the agency's attendance managers (差勤管理者) configure its flows. */
export function assertMayConfigure(actor: PersonIdentity, agencyId: string): void {
  if (!hasRole(actor, 'attendance-manager', agencyId)) {
    throw new ForbiddenError({ code: 'NOT_ATTENDANCE_MANAGER', detail: '只有本機關的差勤管理者可以設定批核流程' });
  }
}
