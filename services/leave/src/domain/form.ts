import { STATUS_LABEL } from '@webitr/contracts';
import type { FormStatus } from '@webitr/contracts';
import { conflict } from './errors.ts';

// The statuses, their labels and the remarks are in @webitr/contracts, where the web app reads them too.
export { FORM_STATUSES, formStatusSchema, REMARKS, STATUS_LABEL } from '@webitr/contracts';
export type { FormStatus } from '@webitr/contracts';

/**
 * One lifecycle for leave (差假), overtime (加班), comp-time (補休) and
 * forgotten-punch (忘刷卡) forms:
 *
 *   submitted ─▶ waiting-for-deputy ─(deputy consents)─▶ in-approval ─▶ approved (決行)
 *                     │ (declines)                          ├─▶ rejected
 *                     ▼                                     └─▶ returned ─(modify)─▶ …
 *                  returned
 *   withdraw (撤回): waiting-for-deputy | in-approval | returned ─▶ withdrawn
 *   modify (修改):   waiting-for-deputy | in-approval | returned ─▶ waiting-for-deputy | in-approval
 *   cancel (撤銷):   approved, not yet started ─▶ cancel-requested ─(approved)─▶ cancelled
 *                                                             └─(rejected)─▶ approved
 */

/** Not yet decided: the applicant may still withdraw or modify. */
export const PENDING_STATUSES: readonly FormStatus[] = ['waiting-for-deputy', 'in-approval', 'returned'];
/** Holding time and balance: pending, approved, or approved with a cancellation pending. */
export const ACTIVE_STATUSES: readonly FormStatus[] = [...PENDING_STATUSES, 'approved', 'cancel-requested'];

export type FormAction = 'withdraw' | 'modify' | 'deputy-respond' | 'decide' | 'cancel' | 'decide-cancel' | 'transfer-deputy';

const ALLOWED: Record<FormAction, readonly FormStatus[]> = {
  withdraw: PENDING_STATUSES,
  modify: PENDING_STATUSES,
  'deputy-respond': ['waiting-for-deputy'],
  decide: ['in-approval'],
  cancel: ['approved'],
  'decide-cancel': ['cancel-requested'],
  'transfer-deputy': ['in-approval', 'approved', 'cancel-requested'],
};

const ACTION_LABEL: Record<FormAction, string> = {
  withdraw: '撤回',
  modify: '修改',
  'deputy-respond': '代理人簽核',
  decide: '決行',
  cancel: '撤銷',
  'decide-cancel': '撤銷決行',
  'transfer-deputy': '代理移轉',
};

export const canDo = (action: FormAction, status: FormStatus): boolean => ALLOWED[action].includes(status);

/** 409 FORM_STATE naming the status the form is in. */
export function assertCan(action: FormAction, status: FormStatus): void {
  if (!canDo(action, status)) {
    throw conflict('FORM_STATE', 'status', '表單狀態', `表單目前為「${STATUS_LABEL[status]}」，無法${ACTION_LABEL[action]}`);
  }
}
