import { ForbiddenError, hasRole } from '@webitr/platform';
import type { Actor } from '../../context.ts';

/** Attendance managers (差勤管理者) of the agency, and system administrators. */
export function assertAttendanceManager(actor: Actor, agencyId: string): void {
  if (!hasRole(actor, 'attendance-manager', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_REQUIRED', detail: '僅限該機關的差勤管理者執行此項作業' });
}
