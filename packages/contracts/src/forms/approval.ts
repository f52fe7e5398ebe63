import { z } from 'zod';
import { roleNameSchema } from '../api/identity.ts';
import { formKindSchema } from '../events/leave.ts';

/**
 * The approval service's app operations (批核), as the service validates them
 * and the web app's forms do before submit (`@webitr/contracts/forms/approval`).
 * Browser-safe: zod only. Whether the actor may decide, and the case's
 * version, are checked by the service.
 */

/** 同意/核准, 不同意, 退回, or a comment only (意見). 不同意 and 退回 need a comment, which the service checks. */
export const DECISION_ACTIONS = ['approve', 'reject', 'return', 'comment'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** What a case is about: the form's request (申請) or its cancellation (撤銷). */
export const CASE_SUBJECTS = ['request', 'cancellation'] as const;
export type CaseSubject = (typeof CASE_SUBJECTS)[number];

/** decideStep: one decision on one case; `version` is the case version the approver's screen showed (a stale screen is refused). */
export const decideStepCommand = z.object({
  caseId: z.string().min(1).max(200),
  action: z.enum(DECISION_ACTIONS).meta({ title: '批核動作' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
  version: z.number().int().nonnegative().optional().meta({ title: '案件版本' }),
});
export type DecideStepCommand = z.infer<typeof decideStepCommand>;
/** The body of POST /cases/:caseId/decisions (the case is in the path). */
export const decideStepBody = decideStepCommand.omit({ caseId: true });
export type DecideStepBody = z.infer<typeof decideStepBody>;

/** batchApprove (批次核准): approve several cases; each succeeds or fails on its own. */
export const batchApproveCommand = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(100).meta({ title: '批核案件' }),
  comment: z.string().trim().max(500).optional().meta({ title: '批核意見' }),
});
export type BatchApproveCommand = z.infer<typeof batchApproveCommand>;

/** listInbox (批核案件): by form kind, 申請/撤銷, and when it was sent (ISO instants with offset). */
export const listInboxQuery = z
  .object({
    kind: formKindSchema.optional().meta({ title: '表單類別' }),
    /** 申請 or 撤銷. */
    subject: z.enum(CASE_SUBJECTS).optional().meta({ title: '案件類別' }),
    /** Sent for approval (送出) at or after this time. */
    from: z.iso.datetime({ offset: true }).optional().meta({ title: '送出日期起' }),
    /** Sent for approval before this time. */
    to: z.iso.datetime({ offset: true }).optional().meta({ title: '送出日期迄' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), { path: ['to'], message: '迄日須晚於起日' });
export type ListInboxQuery = z.infer<typeof listInboxQuery>;

/** listMyDecisions (批核紀錄): the cases I decided (or commented on), for me or for whom I stood in, newest first. */
export const listMyDecisionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListMyDecisionsQuery = z.infer<typeof listMyDecisionsQuery>;

/** getCase: the case is in the path. */
export const getCaseQuery = z.object({ caseId: z.string().min(1).max(200) });
export type GetCaseQuery = z.infer<typeof getCaseQuery>;

// ── 批核流程設定 (seed 001, 13-1 and 14-1…14-3) ─────────────────────────────────
// The agency's approval configuration as the approval service validates it and
// the 管理 pages' forms do: flows (批核流程), flow groups (流程群組: whom a flow
// applies to) and form category groups (差假類別群組: which forms).

/** Working minutes in a day as routing conditions in days count them (8-hour days). */
export const DAY_MINUTES = 480;

/** Who decides a step (批核者). Resolved to people when a form is submitted. */
export const approverSchema = z.discriminatedUnion('kind', [
  /** The form's deputy (職務代理人); their consent is the first step. */
  z.object({ kind: z.literal('deputy') }),
  /** The applicant's unit head (單位主管), walking up the unit tree when the applicant heads the unit. */
  z.object({ kind: z.literal('unit-head'), levelsUp: z.number().int().min(0).max(5).default(0).meta({ title: '主管層級' }) }),
  /** The head of a named unit, e.g. the personnel office (人事室) or accounting (會計室) for a countersign (會辦). */
  z.object({ kind: z.literal('unit'), unitId: z.string().min(1, '請選擇單位').meta({ title: '指定單位' }) }),
  /** Everyone holding an agency role, e.g. the attendance managers (差勤管理者); any one of them decides. */
  z.object({ kind: z.literal('role'), role: roleNameSchema.meta({ title: '角色' }) }),
  /** The agency head (機關首長), who makes the final decision (決行). */
  z.object({ kind: z.literal('agency-head') }),
  /** A named person (指定人員). */
  z.object({ kind: z.literal('person'), personId: z.string().min(1, '請選擇人員').meta({ title: '指定人員' }) }),
]);
export type Approver = z.infer<typeof approverSchema>;
export type ApproverKind = Approver['kind'];

/** 批核者 as the 管理 pages name each kind. */
export const APPROVER_KIND_NAMES: Record<ApproverKind, string> = {
  deputy: '職務代理人',
  'unit-head': '單位主管',
  unit: '指定單位主管',
  role: '角色',
  'agency-head': '機關首長',
  person: '指定人員',
};

/** A condition on the form, e.g. more than 3 days goes to the agency head. */
export const conditionSchema = z.object({
  measure: z.enum(['days', 'hours']).meta({ title: '條件單位' }),
  op: z.enum(['gt', 'gte', 'lt', 'lte']).meta({ title: '條件' }),
  value: z.number().nonnegative().meta({ title: '條件數值' }),
});
export type Condition = z.infer<typeof conditionSchema>;

export const CONDITION_OP_NAMES: Record<Condition['op'], string> = { gt: '超過', gte: '達', lt: '未滿', lte: '不超過' };
export const CONDITION_MEASURE_NAMES: Record<Condition['measure'], string> = { days: '日', hours: '小時' };

export const stepSchema = z.object({
  approver: approverSchema,
  /** 會辦: a countersign whose result reads 「會畢」 rather than approval. */
  countersign: z.boolean().default(false).meta({ title: '會辦' }),
  /** The step applies only when the condition holds; otherwise it is skipped. */
  when: conditionSchema.optional(),
  label: z.string().trim().min(1, '請輸入步驟名稱').max(30).meta({ title: '步驟名稱' }),
});
export type Step = z.infer<typeof stepSchema>;

export const flowSchema = z.object({
  agencyId: z.string().min(1),
  name: z.string().trim().min(1, '請輸入流程名稱').max(50).meta({ title: '流程名稱' }),
  flowGroupId: z.string().min(1, '請選擇流程群組').meta({ title: '流程群組' }),
  categoryGroupId: z.string().min(1, '請選擇差假類別群組').meta({ title: '差假類別群組' }),
  steps: z.array(stepSchema).min(1, '至少需要一個批核步驟').max(12).meta({ title: '批核步驟' }),
});
export type Flow = z.infer<typeof flowSchema>;

/** createFlow / updateFlow: a flow (the agency is in the path); editing sends the version it started from. */
export const flowBody = flowSchema.omit({ agencyId: true }).extend({
  version: z.number().int().nonnegative().optional().meta({ title: '流程版本' }),
});
export type FlowBody = z.input<typeof flowBody>;

/** copyFlow (複製): the copy's name, flow group and category group (one flow per pair). */
export const copyFlowBody = flowSchema.pick({ name: true, flowGroupId: true, categoryGroupId: true });
export type CopyFlowBody = z.infer<typeof copyFlowBody>;

/** Which forms a flow covers: form kinds, and for leave the leave types. */
export const categoryGroupSchema = z.object({
  id: z.string().min(1),
  agencyId: z.string().min(1),
  name: z.string().trim().min(1, '請輸入群組名稱').max(50).meta({ title: '群組名稱' }),
  formKinds: z.array(formKindSchema).min(1, '至少選擇一種表單').meta({ title: '表單類別' }),
  /** Empty: every leave type. */
  leaveTypes: z.array(z.string()).default([]).meta({ title: '假別' }),
});
export type CategoryGroup = z.infer<typeof categoryGroupSchema>;
/** saveCategoryGroup: the agency and the group's id are in the path. */
export const categoryGroupBody = categoryGroupSchema.omit({ id: true, agencyId: true });
export type CategoryGroupBody = z.input<typeof categoryGroupBody>;

/** Whom a flow group applies to; the most specific match wins (person, then unit, then job category, then the default). */
export const flowGroupSchema = z.object({
  id: z.string().min(1),
  agencyId: z.string().min(1),
  name: z.string().trim().min(1, '請輸入群組名稱').max(50).meta({ title: '群組名稱' }),
  personIds: z.array(z.string()).default([]).meta({ title: '適用人員' }),
  unitIds: z.array(z.string()).default([]).meta({ title: '適用單位' }),
  jobCategories: z.array(z.string().trim().min(1)).default([]).meta({ title: '職務類別' }),
  isDefault: z.boolean().default(false).meta({ title: '機關預設' }),
});
export type FlowGroup = z.infer<typeof flowGroupSchema>;
/** saveFlowGroup: the agency and the group's id are in the path. */
export const flowGroupBody = flowGroupSchema.omit({ id: true, agencyId: true });
export type FlowGroupBody = z.input<typeof flowGroupBody>;

/** A draft's route (試算): who would decide it, before any form exists. The leave service's quotes and 批核流程查詢 ask it. */
export const routeDraftSchema = z
  .object({
    applicantId: z.string().min(1, '請選擇人員').max(64).meta({ title: '申請人' }),
    agencyId: z.string().min(1).max(64),
    kind: formKindSchema.meta({ title: '表單類別' }),
    leaveType: z.string().max(40).optional().meta({ title: '假別' }),
    minutes: z.number().int().nonnegative().meta({ title: '時數' }),
    deputyId: z.string().min(1).max(64).optional().meta({ title: '職務代理人' }),
  })
  .meta({ id: 'RouteDraft' });
export type RouteDraft = z.infer<typeof routeDraftSchema>;
/** previewRouteForAgency (批核流程查詢): the draft without its agency, which is in the path. */
export const routeDraftBody = routeDraftSchema.omit({ agencyId: true });
export type RouteDraftBody = z.infer<typeof routeDraftBody>;
