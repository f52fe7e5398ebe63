import type { RoleName } from '../api/identity.ts';

/**
 * Who may do what in the leave service's administration (請假管理, seed 001
 * 5-5, 7-1, 11-3), in one table: the leave service enforces it
 * (services/leave/src/usecases/shared/access.ts `mayIn`) and the web app's 管理
 * menu shows its pages by it. Every permission is scoped to an agency; a
 * system administrator's roles allow it everywhere. Zod-free, so the web app's
 * shell can load it up front (`@webitr/contracts/forms/leave-terms`).
 */
export type LeavePermission =
  /** 差勤資料更新（每年休假年資更新）: preview and run the year's allocation. */
  | 'allocate-leave'
  /** 請假資料維護: see a person's balances and correct them with a reason. */
  | 'correct-balances'
  /** 請假資料維護: the agency's forms, searched, read and exported. */
  | 'view-agency-forms'
  /** 差假事由編輯: the agency's common reasons (everyone in the agency reads them). */
  | 'manage-common-reasons';

export const LEAVE_PERMISSIONS: Record<LeavePermission, readonly RoleName[]> = {
  'allocate-leave': ['attendance-manager'],
  'correct-balances': ['attendance-manager'],
  'view-agency-forms': ['attendance-manager'],
  'manage-common-reasons': ['attendance-manager'],
};

export const isLeavePermission = (permission: string): permission is LeavePermission => Object.hasOwn(LEAVE_PERMISSIONS, permission);

/** Whether roles allow a leave permission in an agency (a system administrator's allow everything everywhere). */
export function leaveRolesAllow(
  roles: readonly { role: string; agencyId: string }[],
  permission: LeavePermission,
  agencyId: string,
): boolean {
  const allowed: readonly string[] = LEAVE_PERMISSIONS[permission];
  return roles.some((r) => r.role === 'system-admin' || (allowed.includes(r.role) && r.agencyId === agencyId));
}
