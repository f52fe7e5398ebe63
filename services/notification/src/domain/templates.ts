import { formatRocDateWithWeekday, taipeiLocal } from '@webitr/work-calendar';
import type { FormKind } from '@webitr/contracts';
import type { Category } from './categories.ts';

/**
 * The notifications' texts (zh-TW), for the app and for mail (plain text and
 * HTML, every value escaped). A form is named by its kind and period only:
 * the leave type (病假 …) and the applicant's reason are personal data the
 * mail does not need; the link shows them after sign-in. No national ID ever
 * reaches this module (no event or directory summary carries one).
 */

/** 差假, 加班, 補休, 忘刷卡. */
export const KIND_LABEL: Record<FormKind, string> = {
  leave: '差假',
  overtime: '加班',
  'comp-time': '補休',
  'forgotten-punch': '忘刷卡',
};

export interface FormSummary {
  formId: string;
  kind: FormKind;
  start?: Date | undefined;
  end?: Date | undefined;
}

export type Message =
  | { type: 'deputy-asked'; applicantName: string; form: FormSummary }
  | { type: 'deputy-transferred'; applicantName: string; fromName: string; form: FormSummary }
  | { type: 'approval-turn'; applicantName: string; form: FormSummary; subject: 'request' | 'cancellation'; stepLabel: string }
  | {
      type: 'approval-overdue';
      applicantName: string;
      form: FormSummary;
      stepLabel: string;
      waitingMinutes: number;
      onBehalfOfName?: string;
    }
  | { type: 'deputy-consented'; deputyName: string; form: FormSummary }
  | { type: 'deputy-declined'; deputyName: string; reason?: string | undefined; form: FormSummary }
  | { type: 'approved'; form: FormSummary }
  | { type: 'rejected'; reason: string; form: FormSummary }
  | { type: 'returned'; reason: string; form: FormSummary }
  | { type: 'cancelled'; form: FormSummary }
  | { type: 'cancel-rejected'; reason: string; form: FormSummary };

export const CATEGORY_OF: Record<Message['type'], Category> = {
  'deputy-asked': 'deputy',
  'deputy-transferred': 'deputy',
  'approval-turn': 'approval',
  'approval-overdue': 'approval',
  'deputy-consented': 'result',
  'deputy-declined': 'result',
  approved: 'result',
  rejected: 'result',
  returned: 'result',
  cancelled: 'result',
  'cancel-rejected': 'result',
};

export interface Rendered {
  /** One line: the bell's list and the mail's subject. */
  title: string;
  /** The app's text. */
  body: string;
  subject: string;
  text: string;
  html: string;
}

/** `113-08-20 (二) 08:00`, in Taipei time. */
export function formatRocDateTime(instant: Date): string {
  const { date, minutes } = taipeiLocal(instant);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${formatRocDateWithWeekday(date)} ${hh}:${mm}`;
}

/** `113-08-20 (二) 08:00 ~ 113-08-21 (三) 17:00`; the same day is written once (`113-08-20 (二) 08:00 ~ 12:00`). */
export function formatPeriod(start: Date, end: Date): string {
  const from = formatRocDateTime(start);
  const to = formatRocDateTime(end);
  const sameDay = taipeiLocal(start).date === taipeiLocal(end).date;
  return `${from} ~ ${sameDay ? to.slice(-5) : to}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Parts {
  title: string;
  /** What happened, in a sentence. */
  lead: string;
  /** Label and value lines under it. */
  facts: [string, string][];
  /** What to do, before the link. */
  action: string;
}

function partsOf(message: Message): Parts {
  const kind = KIND_LABEL[message.form.kind];
  const period: [string, string][] =
    message.form.start && message.form.end ? [['期間', formatPeriod(message.form.start, message.form.end)]] : [];
  const formFacts: [string, string][] = [['類別', kind], ...period];
  switch (message.type) {
    case 'deputy-asked':
      return {
        title: `${message.applicantName} 請您擔任${kind}職務代理人`,
        lead: `${message.applicantName} 已送出${kind}申請，指定您為職務代理人，請上網表示同意或不同意。`,
        facts: [['申請人', message.applicantName], ...formFacts],
        action: '請登入差勤系統回覆',
      };
    case 'deputy-transferred':
      return {
        title: `${message.fromName} 將 ${message.applicantName} 的${kind}代理移轉給您`,
        lead: `${message.fromName} 將 ${message.applicantName} 的${kind}職務代理移轉給您，請上網表示同意或不同意。`,
        facts: [['申請人', message.applicantName], ['原代理人', message.fromName], ...formFacts],
        action: '請登入差勤系統回覆',
      };
    case 'approval-turn': {
      const what = message.subject === 'cancellation' ? `${kind}撤銷申請` : `${kind}申請`;
      return {
        title: `待您批核：${message.applicantName} 的${what}`,
        lead: `${message.applicantName} 的${what}已送至「${message.stepLabel}」，請您批核。`,
        facts: [['申請人', message.applicantName], ...formFacts, ['關卡', message.stepLabel]],
        action: '請登入差勤系統批核',
      };
    }
    case 'approval-overdue': {
      const hours = Math.floor(message.waitingMinutes / 60);
      const waited = hours >= 1 ? `${hours} 小時` : `${message.waitingMinutes} 分鐘`;
      return {
        title: `催辦：${message.applicantName} 的${kind}申請已等候 ${waited}`,
        lead: `${message.applicantName} 的${kind}申請在「${message.stepLabel}」已等候 ${waited}（上班時間）${
          message.onBehalfOfName ? `，您代理 ${message.onBehalfOfName} 批核` : ''
        }，請儘速處理。`,
        facts: [['申請人', message.applicantName], ...formFacts, ['關卡', message.stepLabel]],
        action: '請登入差勤系統批核',
      };
    }
    case 'deputy-consented':
      return {
        title: `${message.deputyName} 已同意擔任您的${kind}職務代理人`,
        lead: `${message.deputyName} 已同意擔任您的職務代理人，申請已送出批核。`,
        facts: formFacts,
        action: '申請進度請見差勤系統',
      };
    case 'deputy-declined':
      return {
        title: `${message.deputyName} 不同意擔任您的${kind}職務代理人`,
        lead: `${message.deputyName} 不同意擔任您的職務代理人，申請已退回，請修改代理人後再送出。`,
        facts: [...formFacts, ...(message.reason ? [['理由', message.reason] as [string, string]] : [])],
        action: '請登入差勤系統修改',
      };
    case 'approved':
      return {
        title: `您的${kind}申請已核准（決行）`,
        lead: `您的${kind}申請已核准（決行）。`,
        facts: formFacts,
        action: '申請紀錄請見差勤系統',
      };
    case 'rejected':
      return {
        title: `您的${kind}申請未獲核准`,
        lead: `您的${kind}申請未獲核准。`,
        facts: [...formFacts, ['理由', message.reason || '（未填寫）']],
        action: '申請紀錄請見差勤系統',
      };
    case 'returned':
      return {
        title: `您的${kind}申請已退回修改`,
        lead: `您的${kind}申請已被退回，請修改後再送出。`,
        facts: [...formFacts, ['理由', message.reason || '（未填寫）']],
        action: '請登入差勤系統修改',
      };
    case 'cancelled':
      return {
        title: `您的${kind}撤銷申請已核准`,
        lead: `您的${kind}撤銷申請已核准，該筆${kind}已撤銷。`,
        facts: formFacts,
        action: '申請紀錄請見差勤系統',
      };
    case 'cancel-rejected':
      return {
        title: `您的${kind}撤銷申請未獲核准`,
        lead: `您的${kind}撤銷申請未獲核准，原${kind}仍然有效。`,
        facts: [...formFacts, ['理由', message.reason || '（未填寫）']],
        action: '申請紀錄請見差勤系統',
      };
  }
}

const FOOTER = '本信由差勤系統自動寄出，請勿直接回覆。';

/** The texts of one message to one person; `link` is the deep link that signs in through their portal. */
export function render(message: Message, recipient: { name: string }, link: string): Rendered {
  const { title, lead, facts, action } = partsOf(message);
  const factLines = facts.map(([label, value]) => `${label}：${value}`);
  const body = [lead, ...factLines].join('\n');
  const text = [`${recipient.name} 您好：`, '', lead, '', ...factLines, '', `${action}：`, link, '', `（${FOOTER}）`, ''].join('\n');
  const rows = facts
    .map(
      ([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>',
    escapeHtml(title),
    '</title></head><body style="font-family:sans-serif;line-height:1.6">',
    `<p>${escapeHtml(recipient.name)} 您好：</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('');
  return { title, body, subject: `[差勤] ${title}`, text, html };
}

/** The web app's page a message leads to: the case for approvers (批核案件), 代理案件 for a deputy, the form for its applicant (申請案件). */
export function appPathOf(message: Message, caseId?: string): string {
  if ((message.type === 'approval-turn' || message.type === 'approval-overdue') && caseId)
    return `/approvals/${encodeURIComponent(caseId)}`;
  if (message.type === 'deputy-asked' || message.type === 'deputy-transferred')
    return `/deputy/cases?form=${encodeURIComponent(message.form.formId)}`;
  return `/leave/requests/${encodeURIComponent(message.form.formId)}`;
}

/** `<PUBLIC_URL>/sso/<portal>?return_to=<path>`: the portal's sign-in, then the page (the gateway keeps return_to on its origin). */
export function deepLink(publicUrl: string, portal: string, path: string): string {
  const origin = new URL(publicUrl).origin;
  return `${origin}/sso/${encodeURIComponent(portal)}?return_to=${encodeURIComponent(path)}`;
}
