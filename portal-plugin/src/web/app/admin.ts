// The administration area (管理): one table of its pages, from which the
// routes, the 管理 menu and the browser test of refusals are all made, so a
// new page cannot be left out of any of them. Who sees a page in the menu
// follows the directory's own permission table (contracts, forms/directory),
// which also holds the approval service's `configure-approval-flows`; each
// service refuses on its own whatever the menu shows.
import { rolesAllow } from '@webitr/contracts/forms/directory-terms';
import type { DirectoryPermission } from '@webitr/contracts/forms/directory-terms';
import type { Me } from '../api/session.ts';

export type AdminPageKey =
  'apps' | 'people' | 'person-new' | 'person' | 'units' | 'import' | 'change-log' | 'flow-preview' | 'flows' | 'flow-new' | 'flow';

export interface AdminPage {
  key: AdminPageKey;
  /** Below `/admin/agencies/:agencyId/`. */
  path: string;
  /** The page's title (the seeds' words). */
  label: string;
  /** What the owning service requires to use the page (reads may need less: 可用系統 is readable by 差勤管理者). */
  permission: DirectoryPermission;
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
  const mayIn = (agencyId: string) => ADMIN_PAGES.some((p) => p.menu && rolesAllow(me.roles, p.permission, agencyId));
  if (inAddress && mayIn(inAddress)) return inAddress;
  if (mayIn(me.agency.id)) return me.agency.id;
  return me.roles.map((r) => r.agencyId).find(mayIn);
}

/** The 管理 menu as this person sees it (empty for people without an administration role). */
export function adminNavFor(me: Pick<Me, 'roles' | 'agency'>, inAddress?: string): { to: string; label: string }[] {
  const agencyId = adminAgencyOf(me, inAddress);
  if (!agencyId) return [];
  return ADMIN_PAGES.filter((p) => p.menu && rolesAllow(me.roles, p.permission, agencyId)).map((p) => ({
    to: adminUrl(agencyId, p.path),
    label: p.label,
  }));
}
