import { ForbiddenError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import { rolesAllow } from '@webitr/contracts';

/**
 * Agencies whose failed mail the actor may see and retry: their own as agency
 * administrator (機關管理員), any as system administrator — DIRECTORY_PERMISSIONS'
 * `view-failed-mail`, the table the web app's 管理 menu follows too.
 */
export function adminScope(actor: PersonIdentity, agencyId: string | undefined): { agencyId?: string } {
  const isSystemAdmin = actor.roles.some((r) => r.role === 'system-admin');
  if (isSystemAdmin) return agencyId ? { agencyId } : {};
  const wanted = agencyId ?? actor.agencyId;
  if (!rolesAllow(actor.roles, 'view-failed-mail', wanted))
    throw new ForbiddenError({ code: 'NOTIFICATION_ADMIN_ONLY', detail: '僅機關管理員可查看該機關無法寄出的通知' });
  return { agencyId: wanted };
}

/** `teacher@school.edu.tw` → `te***@school.edu.tw`: enough to recognise, not to copy. */
export function maskAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address.slice(0, Math.min(2, at))}***${address.slice(at)}`;
}
