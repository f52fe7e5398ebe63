import type { RoleName } from '../api/identity.ts';

/**
 * The directory's words and rules that carry no schema: statuses, apps, roles,
 * change-log actions, import columns, and who may do what. Apart from
 * forms/directory.ts (which adds the zod schemas, re-exporting these) so the
 * web app's shell — its menu and labels, loaded up front — takes no zod and
 * no date parser with it (`@webitr/contracts/forms/directory-terms`).
 */

// ── Terms ────────────────────────────────────────────────────────────────────

/** 在職 / 留職停薪 / 離職 */
export const EMPLOYMENT_STATUSES = ['active', 'leave-without-pay', 'separated'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];
export const EMPLOYMENT_STATUS_NAMES: Record<EmploymentStatus, string> = {
  active: '在職',
  'leave-without-pay': '留職停薪',
  separated: '離職',
};

/** The apps of this system, by the names the SSO manager's 可用系統 list shows them (seed 000). */
export const APP_NAMES: Record<string, string> = {
  webitr: 'WebITR 差勤系統',
  'webitr-edu': 'WebITR 差勤系統（學校用）',
};

/** 職務類別 known to the directory. */
export const JOB_CATEGORIES = ['職員', '教師', '工友', '技工', '駕駛', '約聘僱人員', '代理教師', '代課教師', '臨時人員'] as const;
export type JobCategory = (typeof JOB_CATEGORIES)[number];

/** Roles an administrator grants (the unit supervisor role comes from heading a unit, employee from being there). */
export const GRANTED_ROLES = ['attendance-manager', 'agency-admin', 'system-admin'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];
export const ROLE_NAMES: Record<RoleName, string> = {
  employee: '一般人員',
  'unit-supervisor': '單位主管',
  'attendance-manager': '差勤管理者',
  'agency-admin': '機關管理員',
  'system-admin': '系統管理者',
};

/** 帳號異動記錄: what an entry records. */
export const CHANGE_ACTIONS = [
  'agency.created',
  'agency.updated',
  'agency.default-apps.changed',
  'unit.created',
  'unit.updated',
  'person.created',
  'person.updated',
  'person.separated',
  'person.suspended',
  'person.reinstated',
  'person.transferred',
  'role.granted',
  'role.revoked',
  'entitlement.granted',
  'entitlement.revoked',
  'national-id.viewed',
  'people.exported',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export const CHANGE_ACTION_NAMES: Record<ChangeAction, string> = {
  'agency.created': '新增機關',
  'agency.updated': '修改機關',
  'agency.default-apps.changed': '機關預設可用系統',
  'unit.created': '新增單位',
  'unit.updated': '修改單位',
  'person.created': '新增員工',
  'person.updated': '編輯員工資料',
  'person.separated': '離職',
  'person.suspended': '留職停薪',
  'person.reinstated': '復職',
  'person.transferred': '機關員工轉移',
  'role.granted': '授予角色',
  'role.revoked': '取消角色',
  'entitlement.granted': '授權可用系統',
  'entitlement.revoked': '取消可用系統',
  'national-id.viewed': '查閱身分證字號',
  'people.exported': '下載機關員工資料',
};

// ── Who may do what ──────────────────────────────────────────────────────────

/**
 * Who may do what in the directory's administration, in one table: the
 * directory enforces it (services/directory/src/domain/access.ts) and the web
 * app shows its 管理 menu by it. Every permission is scoped to an agency: an
 * agency administrator or attendance manager acts only inside the agency the
 * role is held in; a system administrator everywhere; employees nowhere.
 */
export type DirectoryPermission =
  | 'view-people'
  | 'view-national-id'
  | 'export-people'
  | 'manage-people'
  | 'import-people'
  | 'manage-apps'
  | 'manage-roles'
  | 'manage-units'
  | 'manage-agency-settings'
  | 'manage-agencies'
  | 'view-change-log'
  | 'view-leave-reports'
  // 制度管理 (seed 001, 5-1, 5-2, 5-6), enforced by the leave service (usecases/shared/access.ts).
  | 'manage-calendar'
  | 'manage-leave-policy'
  | 'manage-announcements'
  | 'view-failed-mail'
  | 'view-audit-log'
  | 'configure-approval-flows';

export const DIRECTORY_PERMISSIONS: Record<DirectoryPermission, readonly RoleName[]> = {
  // 人事 (the attendance manager) reads the people of the agency and may see full numbers, audited.
  'view-people': ['agency-admin', 'attendance-manager'],
  'view-national-id': ['agency-admin', 'attendance-manager'],
  'export-people': ['agency-admin', 'attendance-manager'],
  // 基本資料維護 (新增人員、離職、留職停薪) and 人員組織樹設定 are the attendance manager's in
  // WebITR's function index (seed 001, 5-3), as they are the agency administrator's in the SSO
  // manager (seed 000). An attendance manager does not change a person holding an administration
  // role (domain/access.ts), so the role cannot reach an administrator's account.
  'manage-people': ['agency-admin', 'attendance-manager'],
  'import-people': ['agency-admin', 'attendance-manager'],
  'manage-units': ['agency-admin', 'attendance-manager'],
  // 可用系統, roles and the change log stay with the 機關管理員 (seed 000).
  'manage-apps': ['agency-admin'],
  'manage-roles': ['agency-admin'],
  // 機關預設可用系統 and 機關首長.
  'manage-agency-settings': ['agency-admin'],
  'view-change-log': ['agency-admin'],
  // Creating agencies and moving them in the hierarchy: system administrators only.
  'manage-agencies': [],
  // 差勤、加班統計報表產製 (seed 001, 7-4, 9-6, 10-1): 差勤管理 of the attendance manager; the leave service checks it.
  'view-leave-reports': ['attendance-manager'],
  // 制度管理 is the personnel office's (WebITR 人事人員操作手冊, seed 001 5-1 特殊節日登記, 5-2 停止上班上課,
  // 5-6 機關差勤規定): the agency's special days and closures, and its rule parameters. Region-wide
  // closures and the national calendar are system administrators' (rolesAllow lets them everywhere).
  'manage-calendar': ['attendance-manager'],
  'manage-leave-policy': ['attendance-manager'],
  // 人事公告欄 (seed 11-1): written by the agency's 差勤管理者 and administrators (the notification service checks).
  'manage-announcements': ['agency-admin', 'attendance-manager'],
  // Mails that could not be sent: the agency administrator's (the notification service checks).
  'view-failed-mail': ['agency-admin'],
  // The gateway's audit log covers every agency: system administrators only (the gateway checks).
  'view-audit-log': [],
  // 批核流程查詢 and 批核流程設定 (seed 001, 13-1, 14-1…14-3): the attendance manager's, as the
  // approval service has always checked (services/approval/src/domain/flow.ts, assertMayConfigure).
  'configure-approval-flows': ['attendance-manager'],
};

/** Roles that open the administration API at all; anyone else is refused at its door. */
export const ADMINISTRATION_ROLES: readonly RoleName[] = ['agency-admin', 'attendance-manager', 'system-admin'];

/** Whether roles allow a permission in an agency (a system administrator's allow everything everywhere). */
export function rolesAllow(
  roles: readonly { role: string; agencyId: string }[],
  permission: DirectoryPermission,
  agencyId: string,
): boolean {
  const allowed: readonly string[] = DIRECTORY_PERMISSIONS[permission];
  return roles.some((r) => r.role === 'system-admin' || (allowed.includes(r.role) && r.agencyId === agencyId));
}

// ── Import ───────────────────────────────────────────────────────────────────

/**
 * The columns of an import file, by their zh-TW headers (the same as the
 * export's; the first name is the one reports use) or English field names.
 * Headers are matched after trimming.
 */
export const IMPORT_COLUMNS = {
  nationalId: ['身分證字號', '統一證號', 'nationalId'],
  name: ['姓名', 'name'],
  email: ['電子郵件', '公務信箱', 'email'],
  unit: ['單位', '部門', '部門名稱', 'unit'],
  title: ['職稱', 'title'],
  jobCategory: ['職務類別', '人員類別', 'jobCategory'],
  serviceStartDate: ['到職日期', 'serviceStartDate'],
  status: ['在職狀態', '狀態', 'status'],
  scheduleGroup: ['班別', 'scheduleGroup'],
  cardNumbers: ['卡號', 'cardNumbers'],
  apps: ['可用系統', 'apps'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ['nationalId', 'name', 'jobCategory'];
