import { addDays, formatRocDateWithWeekday, taipeiLocal } from '@webitr/work-calendar';
import type { FormKind } from '@webitr/contracts';
import { escapeHtml, formatRocDateTime, KIND_LABEL } from './templates.ts';
import type { Rendered } from './templates.ts';

/**
 * The daily digest (每日摘要), one a person a day: the approvals waiting for
 * them (how many, the oldest first), their own attendance anomalies of
 * yesterday (e.g. 未刷下班卡) and, for an agency's attendance managers, how
 * many anomalies the agency had. Counts, kinds and times only: no applicant,
 * leave type or punch time is named (the links show them after sign-in).
 */
export interface DigestMessage {
  type: 'daily-digest';
  /** The digest's day (Taipei), ISO. */
  date: string;
  approvals?: { count: number; oldest: { kind: FormKind; subject: 'request' | 'cancellation'; since: Date }[] };
  /** The person's own anomalies of `date` (the day before the digest). */
  anomalies?: { date: string; labels: string[] };
  /** Managers: the agency's anomaly count of `date`. */
  agencyAnomalies?: { date: string; count: number };
}

/** How many waiting cases a digest lists one by one (the count covers all). */
export const DIGEST_LIST_LIMIT = 10;

/** The pages the digest leads to: 批核案件, my 出勤異常, the agency's 出勤異常. */
export const DIGEST_PATHS = {
  approvals: '/approvals',
  anomalies: '/attendance/anomalies',
  agencyAnomalies: '/attendance/anomalies?scope=agency',
} as const;

/** The day whose digest is due at `now`, once the Taipei clock has passed `time` (`HH:MM`); undefined before. */
export function digestDueDate(now: Date, time: string): string | undefined {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const { date, minutes } = taipeiLocal(now);
  return minutes >= hh * 60 + mm ? date : undefined;
}

/** The day before `date` (the anomalies a digest reports). */
export const dayBefore = (date: string): string => addDays(date, -1);

/** The page the notification leads to in the app: its first section's. */
export function digestPath(message: DigestMessage): string {
  if (message.approvals) return DIGEST_PATHS.approvals;
  if (message.anomalies) return DIGEST_PATHS.anomalies;
  return DIGEST_PATHS.agencyAnomalies;
}

interface Section {
  heading: string;
  lines: string[];
  action: string;
  path: string;
}

function sectionsOf(message: DigestMessage): Section[] {
  const sections: Section[] = [];
  if (message.approvals) {
    const { count, oldest } = message.approvals;
    const lines = oldest.map(
      (c, i) =>
        `${i + 1}. ${KIND_LABEL[c.kind]}${c.subject === 'cancellation' ? '撤銷申請' : '申請'}，${formatRocDateTime(c.since)} 起等候批核`,
    );
    if (count > oldest.length) lines.push(`（另有 ${count - oldest.length} 件）`);
    sections.push({
      heading: `待您批核的案件共 ${count} 件（由最早者起）：`,
      lines,
      action: '請登入差勤系統批核',
      path: DIGEST_PATHS.approvals,
    });
  }
  if (message.anomalies) {
    sections.push({
      heading: `您 ${formatRocDateWithWeekday(message.anomalies.date)} 的出勤異常：`,
      lines: [message.anomalies.labels.join('、')],
      action: '請查看出勤異常，需要時申請忘刷卡或差假',
      path: DIGEST_PATHS.anomalies,
    });
  }
  if (message.agencyAnomalies) {
    sections.push({
      heading: `本機關 ${formatRocDateWithWeekday(message.agencyAnomalies.date)} 的出勤異常：`,
      lines: [`共 ${message.agencyAnomalies.count} 筆`],
      action: '請查看本機關出勤異常清單',
      path: DIGEST_PATHS.agencyAnomalies,
    });
  }
  return sections;
}

function titleOf(message: DigestMessage): string {
  const parts = [
    ...(message.approvals ? [`待批核 ${message.approvals.count} 件`] : []),
    ...(message.anomalies ? [`昨日出勤異常（${message.anomalies.labels.join('、')}）`] : []),
    ...(message.agencyAnomalies ? [`本機關昨日出勤異常 ${message.agencyAnomalies.count} 筆`] : []),
  ];
  return `每日摘要 ${formatRocDateWithWeekday(message.date)}：${parts.join('、')}`;
}

const FOOTER = '本信由差勤系統每日自動寄出，請勿直接回覆；不需要時可在通知設定關閉「每日摘要」的電子郵件。';

/** The digest's texts for one person; `linkTo` makes the deep link of a page (through their portal). */
export function renderDigest(message: DigestMessage, recipient: { name: string }, linkTo: (path: string) => string): Rendered {
  const title = titleOf(message);
  const sections = sectionsOf(message);
  const body = sections.map((s) => [s.heading, ...s.lines].join('\n')).join('\n\n');
  const text = [
    `${recipient.name} 您好：`,
    '',
    ...sections.flatMap((s) => [s.heading, ...s.lines, `${s.action}：`, linkTo(s.path), '']),
    `（${FOOTER}）`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>',
    escapeHtml(title),
    '</title></head><body style="font-family:sans-serif;line-height:1.6">',
    `<p>${escapeHtml(recipient.name)} 您好：</p>`,
    ...sections.map(
      (s) =>
        `<h3 style="font-size:medium">${escapeHtml(s.heading)}</h3><ul style="list-style:none;padding-left:0">${s.lines
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join('')}</ul><p><a href="${escapeHtml(linkTo(s.path))}">${escapeHtml(s.action)}</a></p>`,
    ),
    `<p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('');
  return { title, body, subject: `[差勤] ${title}`, text, html };
}
