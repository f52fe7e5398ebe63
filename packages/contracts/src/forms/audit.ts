import { z } from 'zod';
import { dateField } from '@webitr/work-calendar/browser';

/**
 * The gateway's audit log (稽核紀錄) as system administrators query it at
 * `GET /api/admin/audit` — a route of the gateway itself, not of a service —
 * and the words the web app shows (`@webitr/contracts/forms/audit`).
 * Browser-safe: zod and the browser entry of the work calendar only.
 */

export const AUDIT_TYPES = ['sign-in', 'sign-in-refused', 'sign-out', 'sessions-ended', 'refused', 'admin-action'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];
export const AUDIT_TYPE_NAMES: Record<AuditType, string> = {
  'sign-in': '登入',
  'sign-in-refused': '登入遭拒',
  'sign-out': '登出',
  'sessions-ended': '結束登入',
  refused: '拒絕存取',
  'admin-action': '管理操作',
};

/** 結果: a refusal (the two refused types) or not. */
export const AUDIT_OUTCOMES = ['allowed', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const AUDIT_OUTCOME_NAMES: Record<AuditOutcome, string> = { allowed: '成功', refused: '拒絕' };
export const REFUSED_AUDIT_TYPES: readonly AuditType[] = ['sign-in-refused', 'refused'];

/** Filters: who (the person acting or acted on), what (type), outcome, when (Taipei days, inclusive); newest first, paged. */
export const auditQuery = z
  .object({
    personId: z.string().trim().min(1).max(64).optional().meta({ title: '人員' }),
    type: z.enum(AUDIT_TYPES).optional().meta({ title: '類別' }),
    outcome: z.enum(AUDIT_OUTCOMES).optional().meta({ title: '結果' }),
    from: dateField('起日').optional(),
    to: dateField('迄日').optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1).meta({ title: '頁次' }),
    pageSize: z.coerce.number().int().min(1).max(200).default(50).meta({ title: '每頁筆數' }),
  })
  .refine((q) => !q.from || !q.to || q.to >= q.from, { path: ['to'], message: '迄日不可早於起日' });
export type AuditQuery = z.infer<typeof auditQuery>;
export type AuditQueryInput = z.input<typeof auditQuery>;

/** One entry as the page shows it: the address masked, no national ID or token anywhere. */
export interface AuditItem {
  id: string;
  at: string;
  type: AuditType;
  personId?: string;
  personName?: string;
  targetPersonId?: string;
  portal?: string;
  /** `203.0.113.x`, `2001:db8:1:*`. */
  address: string;
  zone: string;
  method?: string;
  path?: string;
  /** The problem code of a refusal, or what an administrative action did (its operation id). */
  reason?: string;
  requestId?: string;
}

export interface AuditPage {
  items: AuditItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** `203.0.113.45` → `203.0.113.x`; IPv6 keeps its first three groups (`2001:db8:1:*`): enough to tell networks apart. */
export function maskIpAddress(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.x`;
  if (address.includes(':')) return `${address.split(':').slice(0, 3).join(':')}:*`;
  return 'unknown';
}
