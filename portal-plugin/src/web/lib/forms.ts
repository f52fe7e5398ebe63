// A form (差假, 加班, 補休, 忘刷卡) as 申請案件, 代理案件 and 差假查詢 show it:
// which actions its state allows, where it stands (目前進度), its period in
// Taipei's ROC dates, and its history in words. Pure: tested in
// test/forms-logic.test.ts.
import type { FormStatus } from '@webitr/contracts/forms/leave';
import type { FormView } from '@webitr/contracts/views/leave';
import { formatRocDateTime, formatTaipeiTime, taipeiDate } from './dates.ts';

/** Not yet decided: the applicant may still withdraw (撤回) or modify (修改) — the service's PENDING_STATUSES. */
export const PENDING_STATUSES: readonly FormStatus[] = ['waiting-for-deputy', 'in-approval', 'returned'];

export interface FormActions {
  /** 撤回 */
  withdraw: boolean;
  /** 修改 (the apply page, ?modify=<id>) */
  modify: boolean;
  /** 銷假/撤銷 of an approved form that has not started (with a reason, through approval). */
  cancel: boolean;
}

/**
 * What the applicant may do with a form now, by the rules the leave service
 * enforces (services/leave/src/domain/form.ts and cancel-form): the buttons
 * are offered only when the service would accept them.
 */
export function formActions(form: Pick<FormView, 'status' | 'kind' | 'start'>, now: number = Date.now()): FormActions {
  const pending = PENDING_STATUSES.includes(form.status);
  return {
    withdraw: pending,
    modify: pending,
    cancel: form.status === 'approved' && form.kind !== 'forgotten-punch' && new Date(form.start).getTime() > now,
  };
}

/**
 * Whether the approval service holds a case for this form's current round:
 * one is opened when the form goes to approval (after the deputy's consent,
 * or at once without a deputy); a form still waiting for its deputy, returned
 * by the deputy or withdrawn before approval has none.
 */
export function hasApprovalCase(form: Pick<FormView, 'status' | 'deputy'>): boolean {
  if (form.status === 'waiting-for-deputy' || form.status === 'withdrawn') return false;
  if (form.status === 'returned') return form.deputy?.status !== 'declined';
  return true;
}

/** The approval case of the form's current round (approval's `<formId>:request:<submission>`). */
export const requestCaseId = (form: Pick<FormView, 'id' | 'submission'>): string => `${form.id}:request:${form.submission}`;

/** 目前進度 as far as the form itself tells (the step's name comes from the approval case where there is one). */
export function progressText(form: Pick<FormView, 'status' | 'deputy' | 'statusLabel'>): string {
  switch (form.status) {
    case 'waiting-for-deputy':
      return form.deputy ? `待職務代理人 ${form.deputy.name} 同意` : '待職務代理人同意';
    case 'in-approval':
      return '批核中';
    case 'returned':
      return form.deputy?.status === 'declined' ? `職務代理人 ${form.deputy.name} 不同意，退回申請人` : '退回申請人修改';
    case 'cancel-requested':
      return '撤銷批核中';
    default:
      return '已結案';
  }
}

/** `115-11-26 (四) 08:00 ~ 17:00` on one day, `115-11-26 (四) 08:00 ~ 115-11-27 (五) 12:00` across days: Taipei's time. */
export function periodLabel(start: string, end: string): string {
  const sameDay = taipeiDate(start).compare(taipeiDate(end)) === 0;
  return `${formatRocDateTime(start)} ~ ${sameDay ? formatTaipeiTime(end) : formatRocDateTime(end)}`;
}

const HISTORY_LABEL: Record<string, string> = {
  submit: '送出申請',
  modify: '修改',
  withdraw: '撤回',
  'deputy-consent': '職務代理人同意',
  'deputy-decline': '職務代理人不同意',
  'deputy-transfer': '代理移轉',
  'cancel-request': '申請撤銷',
  recalculate: '依行事曆重新計算',
  approved: '核准 (決行)',
  rejected: '不准',
  returned: '退回',
  'cancel-approved': '撤銷核准',
  'cancel-rejected': '撤銷不准',
};

/** A history entry's action in words (送出申請, 撤回, 職務代理人同意 …); an unknown one as it came. */
export const historyLabel = (action: string): string => HISTORY_LABEL[action] ?? action;

/** Who did it, by the names the form knows: the applicant, the deputy, or the id the service gave. */
export function actorName(form: Pick<FormView, 'applicant' | 'deputy'>, actorId: string): string {
  if (actorId === form.applicant.id) return form.applicant.name;
  if (form.deputy && actorId === form.deputy.personId) return form.deputy.name;
  if (form.deputy?.transferredFrom?.personId === actorId) return form.deputy.transferredFrom.name;
  return actorId;
}
