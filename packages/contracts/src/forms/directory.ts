import { z } from 'zod';
import { dateField } from '@webitr/work-calendar/browser';
import { CHANGE_ACTIONS, EMPLOYMENT_STATUSES, GRANTED_ROLES, JOB_CATEGORIES } from './directory-terms.ts';

/**
 * The directory's administration operations (機關員工管理, 可用系統, 帳號異動記錄,
 * 單位, 批次匯入), as the service validates them and the web app's forms do
 * before submit (`@webitr/contracts/forms/directory`): the zod schemas of
 * their bodies and queries; the words they use and who may do what are in
 * directory-terms.ts, re-exported here. Browser-safe: zod and the browser entry of the work calendar only.
 * Checks that need stored data (the unit is the agency's, the number is not
 * taken, the version) stay in the service's use cases.
 */

// ── Terms ────────────────────────────────────────────────────────────────────

export * from './directory-terms.ts';

export const employmentStatusSchema = z.enum(EMPLOYMENT_STATUSES);

/** Apps a person can be granted (可用系統). */
export const appIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/)
  .meta({ description: 'e.g. webitr, webitr-edu' });

export const jobCategorySchema = z.enum(JOB_CATEGORIES);

// ── National ID numbers ──────────────────────────────────────────────────────

/**
 * 身分證字號 (citizens: `[A-Z][12]\d{8}`) and the new-style 居留證號 (residents,
 * since 2021: `[A-Z][89]\d{8}`) share one check-digit rule: the letter becomes
 * its two-digit area code, the eleven digits are weighted 1 9 8 7 6 5 4 3 2 1 1,
 * and the sum must be a multiple of ten. Personal data: this only validates;
 * the directory encrypts, hashes and masks; nothing here logs them.
 */
const AREA_CODES: Readonly<Record<string, number>> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};
const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];

export const NATIONAL_ID_FORMAT = /^[A-Z][1289]\d{8}$/;
/** What a masked number looks like: `A12*****89`. */
export const MASKED_NATIONAL_ID_FORMAT = /^[A-Z][1289]\d\*{5}\d{2}$/;

export type NationalIdProblem = 'format' | 'check-digit';

/** Why a (normalised) number is not valid, or undefined when it is. */
export function nationalIdProblem(value: string): NationalIdProblem | undefined {
  if (!NATIONAL_ID_FORMAT.test(value)) return 'format';
  const area = AREA_CODES[value[0]!]!;
  const digits = [Math.floor(area / 10), area % 10, ...value.slice(1).split('').map(Number)];
  const sum = digits.reduce((total, digit, i) => total + digit * WEIGHTS[i]!, 0);
  return sum % 10 === 0 ? undefined : 'check-digit';
}

export const isValidNationalId = (value: string): boolean => nationalIdProblem(value) === undefined;

/** Upper-case, without spaces: how people type it is not how it is stored. */
export const normaliseNationalId = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

export const NATIONAL_ID_MESSAGES: Record<NationalIdProblem, string> = {
  format: '身分證字號格式錯誤（應為 1 個英文字母加 9 位數字，第 2 碼為 1、2、8 或 9）',
  'check-digit': '身分證字號檢查碼錯誤',
};

/** A valid national ID number, normalised. The issue message never repeats the number. */
export const nationalIdSchema = z
  .string()
  .transform(normaliseNationalId)
  .superRefine((value, ctx) => {
    const problem = nationalIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: NATIONAL_ID_MESSAGES[problem] });
  })
  .meta({ title: '身分證字號' });

// ── Fields, as administrators type them, with the names they know ───────────

export const personNameSchema = z.string().trim().min(1, '姓名不得空白').max(50, '姓名上限50個字').meta({ title: '姓名' });
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: '電子郵件格式錯誤' }))
  .meta({ title: '電子郵件' });
// Dates are read by the one parser: ISO or ROC (115-12-23), years 1912–2199, with the spellings in the OpenAPI document.
export const calendarDateSchema = dateField('日期');
export const serviceStartDateSchema = dateField('到職日期');
export const titleSchema = z.string().trim().min(1).max(40).meta({ title: '職稱' });
export const jobCategoryFieldSchema = jobCategorySchema.meta({ title: '職務類別' });
export const scheduleGroupSchema = z.string().trim().min(1).max(40).meta({ title: '班別' });
export const cardNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{1,20}$/, '卡號應為 1 至 20 位英數字');
export const cardNumbersSchema = z.array(cardNumberSchema).max(5).meta({ title: '卡號' });
export const unitIdSchema = z.string().min(1).max(64).meta({ title: '單位' });
export const appsSchema = z.array(appIdSchema).max(20).meta({ title: '可用系統' });
export const identitySchema = z.object({ issuer: z.url(), subject: z.string().min(1).max(200) });
export const identitiesSchema = z.array(identitySchema).max(5).meta({ title: '入口網身分' });
export const statusFieldSchema = employmentStatusSchema.meta({ title: '在職狀態' });
export const reasonSchema = z.string().trim().min(1, '事由不得空白').max(200, '事由上限200個字').meta({ title: '事由' });
export const versionSchema = z
  .number()
  .int()
  .positive()
  .meta({ title: '資料版本', description: 'the version the change was made against (409 if it moved on)' });
export const grantedRoleSchema = z.enum(GRANTED_ROLES).meta({ title: '角色' });

export const personIdParams = z.object({ personId: z.string().min(1).max(64) });
export const agencyIdParams = z.object({ agencyId: z.string().min(1).max(64) });
export const unitIdParams = z.object({ unitId: z.string().min(1).max(64) });
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).meta({ title: '頁次' }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).meta({ title: '每頁筆數' }),
};

// ── People (機關員工管理) ─────────────────────────────────────────────────────

/**
 * searchPeople (查詢員工): by name (part of it), unit (with its sub-units if
 * asked), national ID (a full number, a masked one `A12*****89` or its first 1–3
 * characters), status, job category, app. The body of POST /agencies/:agencyId/people/search.
 */
export const searchPeopleBody = z.object({
  name: personNameSchema.optional(),
  unitId: unitIdSchema.optional(),
  includeSubunits: z.boolean().default(false).meta({ title: '含下級單位' }),
  nationalId: z.string().trim().toUpperCase().min(1).max(10).optional().meta({ title: '身分證字號' }),
  status: statusFieldSchema.optional(),
  jobCategory: jobCategoryFieldSchema.optional(),
  app: appIdSchema.optional().meta({ title: '可用系統' }),
  ...pageQuery,
});
export type SearchPeopleBody = z.infer<typeof searchPeopleBody>;
export type SearchPeopleInput = z.input<typeof searchPeopleBody>;

/** createPerson (新增員工): the person joins the agency and receives its default apps (機關預設可用系統). */
export const createPersonBody = z.object({
  nationalId: nationalIdSchema,
  name: personNameSchema,
  email: emailSchema.optional(),
  unitId: unitIdSchema.optional(),
  title: titleSchema.optional(),
  jobCategory: jobCategoryFieldSchema,
  scheduleGroup: scheduleGroupSchema.optional(),
  serviceStartDate: serviceStartDateSchema.optional(),
  cardNumbers: cardNumbersSchema.default([]),
  identities: identitiesSchema.default([]),
  status: statusFieldSchema.default('active'),
  statusSince: calendarDateSchema.optional().meta({ title: '狀態生效日' }),
  /** Apps on top of the agency's defaults. */
  apps: appsSchema.default([]),
});
export type CreatePersonBody = z.infer<typeof createPersonBody>;
export type CreatePersonInput = z.input<typeof createPersonBody>;

/** updatePerson (編輯員工資料). A field left out stays; null clears an optional one. */
export const updatePersonBody = z.object({
  version: versionSchema.optional(),
  nationalId: nationalIdSchema.optional(),
  name: personNameSchema.optional(),
  email: emailSchema.nullable().optional(),
  unitId: unitIdSchema.nullable().optional(),
  title: titleSchema.nullable().optional(),
  jobCategory: jobCategoryFieldSchema.optional(),
  scheduleGroup: scheduleGroupSchema.nullable().optional(),
  serviceStartDate: serviceStartDateSchema.nullable().optional(),
  cardNumbers: cardNumbersSchema.optional(),
  identities: identitiesSchema.optional(),
});
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;
export type UpdatePersonInput = z.input<typeof updatePersonBody>;

/** suspendPerson (留職停薪) and reinstatePerson (復職): from a date (today when left out). */
export const statusChangeBody = z.object({
  version: versionSchema.optional(),
  date: calendarDateSchema.optional().meta({ title: '生效日' }),
  /** For a suspension: its planned end. */
  until: calendarDateSchema.optional().meta({ title: '預定結束日' }),
  reason: reasonSchema.optional(),
});
export type StatusChangeBody = z.infer<typeof statusChangeBody>;
export type StatusChangeInput = z.input<typeof statusChangeBody>;
/** separatePerson (離職) ends a person's access everywhere: the change log must say why (退休、調職、辭職…). */
export const separationBody = statusChangeBody.extend({ reason: reasonSchema.meta({ title: '離職事由' }) });
export type SeparationInput = z.input<typeof separationBody>;

/** transferPerson (機關員工轉移): to another agency (both must be the caller's), optionally into one of its units. */
export const transferPersonBody = z.object({
  version: versionSchema.optional(),
  toAgencyId: z.string().min(1).meta({ title: '轉入機關' }),
  unitId: unitIdSchema.optional(),
  date: calendarDateSchema.optional().meta({ title: '生效日' }),
  keepApps: appsSchema.default([]).meta({ title: '保留的可用系統' }),
  reason: reasonSchema.optional(),
});
export type TransferPersonBody = z.infer<typeof transferPersonBody>;
export type TransferPersonInput = z.input<typeof transferPersonBody>;

/** viewNationalId: the full number, audited; the reason is required (查閱事由). */
export const viewNationalIdBody = z.object({
  reason: z.string().trim().min(1, '請填寫查閱事由').max(200, '查閱事由上限200個字').meta({ title: '查閱事由' }),
});
export type ViewNationalIdInput = z.input<typeof viewNationalIdBody>;

// ── 可用系統 and roles ────────────────────────────────────────────────────────

/** grantApps / revokeApps: many people of one agency at once (all must be of the agency, or nothing changes). */
export const bulkEntitlementsBody = z.object({
  personIds: z.array(z.string().min(1)).min(1).max(1_000).meta({ title: '人員' }),
  apps: appsSchema.min(1),
});
export type BulkEntitlementsBody = z.infer<typeof bulkEntitlementsBody>;

/** setAgencyDefaultApps (機關預設可用系統): granted to people who join the agency from now on. */
export const defaultAppsBody = z.object({ apps: appsSchema, version: versionSchema.optional() });
export type DefaultAppsBody = z.infer<typeof defaultAppsBody>;

/** grantApp / revokeApp: the path's person and app. */
export const appParams = personIdParams.extend({ app: appIdSchema });
/** grantRole / revokeRole: the path's person and role (scoped to the person's agency). */
export const roleParams = personIdParams.extend({ role: grantedRoleSchema });

// ── 帳號異動記錄 ──────────────────────────────────────────────────────────────

/**
 * The change log's filters: whom (personId), who (actorId), what (action),
 * when (calendar days in Asia/Taipei, inclusive); newest first.
 */
export const changeLogQuery = z.object({
  personId: z.string().min(1).optional().meta({ title: '人員' }),
  actorId: z.string().min(1).optional().meta({ title: '異動者' }),
  action: z.enum(CHANGE_ACTIONS).optional().meta({ title: '異動類別' }),
  from: calendarDateSchema.optional().meta({ title: '起日' }),
  to: calendarDateSchema.optional().meta({ title: '迄日' }),
  ...pageQuery,
});
export type ChangeLogQuery = z.infer<typeof changeLogQuery>;
export type ChangeLogQueryInput = z.input<typeof changeLogQuery>;

// ── Import and export ────────────────────────────────────────────────────────

/** importPeople's query (the body is the CSV file itself): its encoding, and whether to check only (試匯入). */
export const importPeopleQuery = z.object({
  encoding: z.enum(['auto', 'utf-8', 'big5']).default('auto').meta({ title: '檔案編碼' }),
  dryRun: z.stringbool().default(false).meta({ title: '僅檢查不匯入' }),
});
export type ImportPeopleQuery = z.infer<typeof importPeopleQuery>;

/** exportPeople's query (下載機關所有員工資料). */
export const exportPeopleQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv').meta({ title: '檔案格式' }),
  status: statusFieldSchema.optional(),
});
export type ExportPeopleQuery = z.infer<typeof exportPeopleQuery>;

/**
 * listSeparatedPeople (離職人員查詢, seed 001 11-2: the people who no longer use
 * WebITR): separated people of the agency whose 離職 took effect in the period
 * (Taipei dates, both included), newest first.
 */
export const separatedPeopleQuery = z.object({
  from: dateField('離職日起').optional(),
  to: dateField('離職日迄').optional(),
  name: z.string().trim().max(40).optional().meta({ title: '姓名' }),
  ...pageQuery,
});
export type SeparatedPeopleQuery = z.infer<typeof separatedPeopleQuery>;
export type SeparatedPeopleQueryInput = z.input<typeof separatedPeopleQuery>;

// ── Units (人員組織樹) ────────────────────────────────────────────────────────

/** createUnit (新增單位): a unit of the agency's tree, optionally under another and with a head (單位主管). */
export const createUnitBody = z.object({
  name: z.string().trim().min(1).max(40).meta({ title: '單位名稱' }),
  parentId: z.string().min(1).optional().meta({ title: '上級單位' }),
  headPersonId: z.string().min(1).optional().meta({ title: '單位主管' }),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;

/** updateUnit: rename a unit, move it in the tree, or set or clear its head (null clears). */
export const updateUnitBody = z.object({
  version: versionSchema.optional(),
  name: z.string().trim().min(1).max(40).optional().meta({ title: '單位名稱' }),
  parentId: z.string().min(1).nullable().optional().meta({ title: '上級單位' }),
  headPersonId: z.string().min(1).nullable().optional().meta({ title: '單位主管' }),
});
export type UpdateUnitBody = z.infer<typeof updateUnitBody>;
