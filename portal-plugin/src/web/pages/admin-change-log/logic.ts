// 帳號異動記錄 in words: what changed (可用系統 from … to …), who did it from
// where, and the same lines as the CSV people download.
import type { ChangeLogItem } from '@webitr/contracts/views/directory';
import { toCsv } from '../../lib/csv.ts';
import { formatRocDate, formatRocDateTime } from '../../lib/dates.ts';
import { changeActionLabel, statusLabel } from '../../lib/admin-labels.ts';
import { appLabel, roleLabel, zoneLabel } from '../../lib/labels.ts';

const FIELD_LABELS: Record<string, string> = {
  apps: '可用系統',
  defaultApps: '機關預設可用系統',
  roles: '角色',
  status: '在職狀態',
  statusSince: '狀態生效日',
  until: '預定結束日',
  name: '姓名',
  email: '電子郵件',
  nationalIdMasked: '身分證字號',
  unitId: '單位',
  title: '職稱',
  jobCategory: '職務類別',
  scheduleGroup: '班別',
  serviceStartDate: '到職日期',
  cardNumbers: '卡號',
  identities: '入口網身分',
  agencyId: '機關',
  parentId: '上級單位',
  headPersonId: '單位主管',
  headId: '機關首長',
  created: '建立',
};
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

/** One value as people read it: apps and roles by name (`attendance-manager@KH-…` → 差勤管理者), dates in ROC. */
export function valueText(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '（無）';
  if (Array.isArray(value)) {
    if (value.length === 0) return '（無）';
    const one = (v: unknown) =>
      field === 'apps' || field === 'defaultApps'
        ? appLabel(String(v))
        : field === 'roles'
          ? roleLabel(String(v).split('@')[0]!)
          : String(v);
    return value.map(one).join('、');
  }
  if (field === 'status') return statusLabel(String(value));
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatRocDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `可用系統：（無） → WebITR 差勤系統（學校用）`, one line per field changed. */
export function changeLines(entry: Pick<ChangeLogItem, 'changes' | 'before' | 'after'>): string[] {
  return entry.changes
    .filter((field) => field !== 'created')
    .map((field) => `${fieldLabel(field)}：${valueText(field, entry.before?.[field])} → ${valueText(field, entry.after?.[field])}`);
}

/** 異動者: the person's name, or what a system actor is (匯入, 系統). */
export function actorText(entry: Pick<ChangeLogItem, 'actor'>): string {
  if (entry.actor.name) return entry.actor.name;
  if (entry.actor.kind === 'system') return entry.actor.id === 'system:demo-seed' ? '系統（示範資料）' : '系統';
  if (entry.actor.kind === 'service') return `系統服務（${entry.actor.id.replace(/^service:/, '')}）`;
  return entry.actor.id;
}

/** 異動對象: the person's name, or the unit or agency the entry is about. */
export function targetText(entry: Pick<ChangeLogItem, 'personName' | 'personId' | 'targetType' | 'targetId'>): string {
  if (entry.personName) return entry.personName;
  if (entry.personId) return entry.personId;
  return `${entry.targetType === 'unit' ? '單位' : entry.targetType === 'agency' ? '機關' : ''} ${entry.targetId}`.trim();
}

/** 來源: `機關內部網路（10.20.30.40）`. */
export const sourceText = (entry: Pick<ChangeLogItem, 'zone' | 'ip'>): string =>
  entry.zone ? `${zoneLabel(entry.zone)}${entry.ip ? `（${entry.ip}）` : ''}` : (entry.ip ?? '');

export const LOG_COLUMNS = ['時間', '異動者', '異動對象', '異動類別', '異動內容', '來源', '說明'] as const;

export function logRow(entry: ChangeLogItem): string[] {
  return [
    formatRocDateTime(entry.at),
    actorText(entry),
    targetText(entry),
    changeActionLabel(entry.action),
    changeLines(entry).join('；'),
    sourceText(entry),
    entry.note ?? '',
  ];
}

export const logCsv = (entries: readonly ChangeLogItem[]): string => toCsv([[...LOG_COLUMNS], ...entries.map(logRow)]);

/** `帳號異動記錄-高雄市立光華國民小學.csv`, with the period when one was asked for. */
export function logFilename(agencyName: string, from?: string, to?: string): string {
  const period = from || to ? `-${from ?? ''}~${to ?? ''}` : '';
  return `帳號異動記錄-${agencyName}${period}.csv`;
}
