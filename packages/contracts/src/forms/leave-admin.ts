import { z } from 'zod';
import { LEAVE_TYPE_CODES, formPeriodShape } from './leave.ts';

/**
 * The leave service's administration (請假管理): the zod schemas of the
 * attendance managers' operations the web app's 管理 pages send, validated
 * the same way by the service (`@webitr/contracts/forms/leave-admin`).
 * Browser-safe. Who may use them: `LEAVE_PERMISSIONS` (forms/leave-terms.ts).
 */

/**
 * runAllocation (差勤資料更新, 每年休假年資更新): the year's allocation, for the
 * calendar year and the school year starting in it. `dryRun`: the preview —
 * the same run, per person what it would grant, writing nothing.
 */
export const runAllocationCommand = z
  .object({
    year: z.number().int().min(2000).max(2100).meta({ title: '年度 (西元)' }),
    dryRun: z.boolean().default(false).meta({ title: '試算' }),
  })
  .meta({ id: 'RunAllocationCommand' });
export type RunAllocationCommand = z.infer<typeof runAllocationCommand>;
export type RunAllocationCommandInput = z.input<typeof runAllocationCommand>;

/** A ledger period: a calendar year, a school year (ROC), an event, or the whole of employment. */
export const balancePeriodField = z
  .string()
  .regex(/^(\d{4}|SY\d{2,3}|EV\d{4}-\d{2}-\d{2}(-[a-z0-9-]+)?|ALL)$/, '期間格式為 2024、SY113、EV2024-05-01 或 ALL')
  .meta({ title: '期間' });

/** correctBalance (請假資料維護): a manager's correction of one ledger, in hours or times, with the reason it is made. */
export const correctBalanceCommand = z
  .object({
    ledger: z.enum(LEAVE_TYPE_CODES).meta({ title: '假別' }),
    period: balancePeriodField,
    hours: z.number().multipleOf(0.5, '調整時數以半小時為單位').min(-2000).max(2000).optional().meta({ title: '調整時數' }),
    times: z.number().int('調整次數須為整數').min(-366).max(366).optional().meta({ title: '調整次數' }),
    reason: z.string().trim().min(1, '調整原因不得空白').max(200, '調整原因上限200個字').meta({ title: '調整原因' }),
  })
  .refine((c) => (c.hours === undefined) !== (c.times === undefined), { message: '請填調整時數或調整次數其中之一', path: ['hours'] })
  .meta({ id: 'CorrectBalanceCommand' });
export type CorrectBalanceCommand = z.infer<typeof correctBalanceCommand>;
export type CorrectBalanceCommandInput = z.input<typeof correctBalanceCommand>;

/** listAgencyForms: the agency's forms by unit, applicant, kind, status and period; `format` csv|xlsx exports. */
export const listAgencyFormsQuery = z.object({
  unitId: z.string().min(1).max(64).optional().meta({ title: '單位' }),
  applicantId: z.string().min(1).max(64).optional().meta({ title: '申請人' }),
  leaveType: z.enum(LEAVE_TYPE_CODES).optional().meta({ title: '假別' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ title: '格式' }),
  ...formPeriodShape,
});
export type ListAgencyFormsQuery = z.infer<typeof listAgencyFormsQuery>;
export type ListAgencyFormsQueryInput = z.input<typeof listAgencyFormsQuery>;

/** 差假事由 (seed 001, 11-3): how many common reasons an agency keeps, and how long each may be (事由 holds 200). */
export const COMMON_REASONS_MAX = 50;
export const COMMON_REASON_MAX_LENGTH = 100;

/** setCommonReasons: the agency's whole list, in the order the 差假申請 form offers it; `version` the list read (0: none yet). */
export const setCommonReasonsCommand = z
  .object({
    reasons: z
      .array(
        z
          .string()
          .trim()
          .min(1, '事由不得空白')
          .max(COMMON_REASON_MAX_LENGTH, `每則事由上限${COMMON_REASON_MAX_LENGTH}個字`)
          .meta({ title: '事由' }),
      )
      .max(COMMON_REASONS_MAX, `常用事由最多${COMMON_REASONS_MAX}則`)
      .refine((r) => new Set(r).size === r.length, '常用事由不得重複')
      .meta({ title: '常用事由' }),
    version: z.number().int().min(0).meta({ title: '版本' }),
  })
  .meta({ id: 'SetCommonReasonsCommand' });
export type SetCommonReasonsCommand = z.infer<typeof setCommonReasonsCommand>;
