// The administration area (管理): one table of its pages, from which the
// routes, the 管理 menu and the browser test of refusals are all made, so a
// new page cannot be left out of any of them. Who sees a page in the menu
// follows the owning service's own permission table (contracts: the
// directory's forms/directory-terms, which the directory, the notification
// service, the gateway, the approval service (`configure-approval-flows`) and
// the leave service enforce, and the leave service's forms/leave-terms); the
// service refuses on its own whatever the menu shows.
import { rolesAllow } from '@webitr/contracts/forms/directory-terms';
import type { DirectoryPermission } from '@webitr/contracts/forms/directory-terms';
import { isLeavePermission, leaveRolesAllow } from '@webitr/contracts/forms/leave-terms';
import type { LeavePermission } from '@webitr/contracts/forms/leave-terms';
import type { Me } from '../api/session.ts';

export type AdminPageKey =
  | 'apps'
  | 'people'
  | 'person-new'
  | 'person'
  | 'units'
  | 'import'
  | 'change-log'
  // 制度管理
  | 'calendar'
  | 'closures'
  | 'schedule-groups'
  | 'leave-policy'
  // 報表
  | 'leave-statistics'
  | 'separated-people'
  // 人事公告欄, mail, 稽核
  | 'announcements'
  | 'failed-mail'
  | 'audit'
  // 請假管理
  | 'leave-allocation'
  | 'leave-balances'
  | 'leave-forms'
  | 'leave-reasons'
  // 批核流程
  | 'flow-preview'
  | 'flows'
  | 'flow-new'
  | 'flow';

/** A permission of the service that owns a page: the directory's or the leave service's table. */
export type AdminPermission = DirectoryPermission | LeavePermission;

/** Whether roles allow a page's permission in an agency, by the owning service's table. */
export function adminAllows(roles: readonly { role: string; agencyId: string }[], permission: AdminPermission, agencyId: string): boolean {
  return isLeavePermission(permission) ? leaveRolesAllow(roles, permission, agencyId) : rolesAllow(roles, permission, agencyId);
}

export interface AdminPage {
  key: AdminPageKey;
  /** Below `/admin/agencies/:agencyId/`. */
  path: string;
  /** The page's title (the seeds' words). */
  label: string;
  /** What the owning service requires to use the page (reads may need less: 可用系統 is readable by 差勤管理者). */
  permission: AdminPermission;
  /** Listed in the 管理 menu (a person's page and 新增人員 are reached from 基本資料維護). */
  menu: boolean;
}

export const ADMIN_PAGES: readonly AdminPage[] = [
  { key: 'apps', path: 'apps', label: '可用系統', permission: 'manage-apps', menu: true },
  { key: 'people', path: 'people', label: '基本資料維護', permission: 'view-people', menu: true },
  { key: 'person-new', path: 'people/new', label: '新增人員', permission: 'manage-people', menu: false },
  { key: 'person', path: 'people/:personId', label: '人員資料', permission: 'view-people', menu: false },
  { key: 'units', path: 'units', label: '人員組織樹', permission: 'view-people', menu: true },
  { key: 'import', path: 'people/import', label: '批次匯入', permission: 'import-people', menu: true },
  { key: 'change-log', path: 'change-log', label: '帳號異動記錄', permission: 'view-change-log', menu: true },
  // 差勤、加班統計報表 (seed 001, 7-4, 9-6, 10-1; the leave service checks view-leave-reports) and 離職人員查詢 (11-2).
  { key: 'leave-statistics', path: 'reports/leave', label: '差勤統計報表', permission: 'view-leave-reports', menu: true },
  { key: 'separated-people', path: 'people/separated', label: '離職人員查詢', permission: 'view-people', menu: true },
  // 制度管理 (seed 001, 5-1, 5-2, 5-6): the leave service checks manage-calendar and manage-leave-policy; 班別 is the directory's (manage-people).
  { key: 'calendar', path: 'calendar', label: '特殊節日登記', permission: 'manage-calendar', menu: true },
  { key: 'closures', path: 'closures', label: '停止上班上課', permission: 'manage-calendar', menu: true },
  { key: 'schedule-groups', path: 'schedule-groups', label: '出勤時間', permission: 'manage-people', menu: true },
  { key: 'leave-policy', path: 'leave-policy', label: '機關規則參數', permission: 'manage-leave-policy', menu: true },
  // 人事公告欄 (seed 11-1), the mails that could not be sent (notification service) and the gateway's 稽核紀錄.
  { key: 'announcements', path: 'announcements', label: '人事公告欄', permission: 'manage-announcements', menu: true },
  { key: 'failed-mail', path: 'failed-mail', label: '寄送失敗通知', permission: 'view-failed-mail', menu: true },
  { key: 'audit', path: 'audit', label: '稽核紀錄', permission: 'view-audit-log', menu: true },
  // 請假管理 (seed 001: 5-5 差勤資料更新, 7-1 請假資料維護, 11-3 差假事由編輯): the leave service's table.
  { key: 'leave-allocation', path: 'leave/allocation', label: '休假年資更新', permission: 'allocate-leave', menu: true },
  { key: 'leave-balances', path: 'leave/balances', label: '假別餘額調整', permission: 'correct-balances', menu: true },
  { key: 'leave-forms', path: 'leave/forms', label: '請假資料維護', permission: 'view-agency-forms', menu: true },
  { key: 'leave-reasons', path: 'leave/reasons', label: '差假事由', permission: 'manage-common-reasons', menu: true },
  // 批核流程查詢 / 批核流程設定 (seed 001, 13-1, 14-1…14-3): the approval service's, which checks the same permission.
  { key: 'flow-preview', path: 'flows/preview', label: '批核流程查詢', permission: 'configure-approval-flows', menu: true },
  { key: 'flows', path: 'flows', label: '批核流程設定', permission: 'configure-approval-flows', menu: true },
  { key: 'flow-new', path: 'flows/new', label: '新增批核流程', permission: 'configure-approval-flows', menu: false },
  { key: 'flow', path: 'flows/:flowId', label: '編輯批核流程', permission: 'configure-approval-flows', menu: false },
];

/** The route pattern of a page (React Router): `admin/agencies/:agencyId/apps`. */
export const adminRoutePath = (page: Pick<AdminPage, 'path'>): string => `admin/agencies/:agencyId/${page.path}`;

/** A page's address in an agency, path parameters filled in: `/admin/agencies/KH-GUANGHUA-ES/people/demo-teacher`. */
export function adminUrl(agencyId: string, path: string, params: Record<string, string> = {}): string {
  const filled = path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return `/admin/agencies/${encodeURIComponent(agencyId)}/${filled}`;
}

/** The agency whose 管理 pages the menu opens: the one in the address if the person may act there, else their own or where they hold a role. */
export function adminAgencyOf(me: Pick<Me, 'roles' | 'agency'>, inAddress?: string): string | undefined {
  const mayIn = (agencyId: string) => ADMIN_PAGES.some((p) => p.menu && adminAllows(me.roles, p.permission, agencyId));
  if (inAddress && mayIn(inAddress)) return inAddress;
  if (mayIn(me.agency.id)) return me.agency.id;
  return me.roles.map((r) => r.agencyId).find(mayIn);
}

/** The 管理 menu as this person sees it (empty for people without an administration role). */
export function adminNavFor(me: Pick<Me, 'roles' | 'agency'>, inAddress?: string): { to: string; label: string }[] {
  const agencyId = adminAgencyOf(me, inAddress);
  if (!agencyId) return [];
  return ADMIN_PAGES.filter((p) => p.menu && adminAllows(me.roles, p.permission, agencyId)).map((p) => ({
    to: adminUrl(agencyId, p.path),
    label: p.label,
  }));
}
