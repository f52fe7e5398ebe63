import { z } from 'zod';
import ExcelJS from 'exceljs';
import { formKindSchema } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
type Filter = Record<string, unknown>;
import { addDays, dateField, taipeiInstant } from '@webitr/work-calendar';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import { formatDuration } from '@webitr/work-calendar';
import { FORM_STATUSES, PENDING_STATUSES } from '../../domain/form.ts';
import type { FormStatus } from '../../domain/form.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { isManagerOf } from '../shared/forms.ts';
import { formView, periodText } from '../shared/views.ts';

const statusFilter = z.enum(['all', 'pending', 'decided', ...FORM_STATUSES]).default('all').meta({ title: '批示狀態' });

const periodShape = {
  from: dateField('差假時間起').optional(),
  to: dateField('差假時間迄').optional(),
  kind: formKindSchema.optional().meta({ title: '表單' }),
  status: statusFilter,
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ title: '筆數' }),
};

/** 申請案件 (box=mine) and 代理案件 (box=deputy); `pending` in the deputy box means waiting for my consent. */
export const myFormsQuery = z.object({ box: z.enum(['mine', 'deputy']).default('mine').meta({ title: '案件' }), ...periodShape });
export const agencyFormsQuery = z.object({
  unitId: z.string().min(1).max(64).optional().meta({ title: '單位' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ title: '格式' }),
  ...periodShape,
});

const LIVE_STATUSES: FormStatus[] = [...PENDING_STATUSES, 'cancel-requested'];

function statusesOf(status: z.infer<typeof statusFilter>): FormStatus[] | undefined {
  if (status === 'all') return undefined;
  if (status === 'pending') return LIVE_STATUSES;
  if (status === 'decided') return ['approved', 'rejected', 'cancelled'];
  return [status];
}

/** The period filter: forms overlapping [from, to] (Taipei dates, both included). */
function periodFilter(q: { from?: string | undefined; to?: string | undefined }): Filter {
  const filter: Filter = {};
  if (q.to) filter.start = { $lt: taipeiInstant(addDays(q.to, 1), '00:00') };
  if (q.from) filter.end = { $gt: taipeiInstant(q.from, '00:00') };
  return filter;
}

export async function listMyForms(ctx: LeaveContext, actor: Actor, query: z.infer<typeof myFormsQuery>) {
  const statuses = statusesOf(query.status);
  const filter: Filter = { ...periodFilter(query), ...(query.kind ? { kind: query.kind } : {}) };
  if (query.box === 'mine') {
    Object.assign(filter, { applicantId: actor.sub }, statuses ? { status: { $in: statuses } } : {});
  } else if (query.status === 'pending') {
    Object.assign(filter, { 'deputy.personId': actor.sub, 'deputy.status': 'pending', status: { $in: ['waiting-for-deputy', 'in-approval', 'approved', 'cancel-requested'] } });
  } else {
    Object.assign(filter, { 'deputy.personId': actor.sub }, statuses ? { status: { $in: statuses } } : {});
  }
  const forms = await ctx.models.forms.find(filter).sort({ start: -1 }).limit(query.limit).lean<FormDoc[]>();
  return { items: forms.map(formView) };
}

/** The home page's counts (seed 002: 批核案件 / 申請案件 / 代理案件). 批核案件 belong to the approval service. */
export async function homeCounts(ctx: LeaveContext, actor: Actor) {
  const [applications, deputy] = await Promise.all([
    ctx.models.forms.countDocuments({ applicantId: actor.sub, status: { $in: LIVE_STATUSES } }),
    ctx.models.forms.countDocuments({ 'deputy.personId': actor.sub, 'deputy.status': 'pending', status: { $in: ['waiting-for-deputy', 'in-approval', 'approved', 'cancel-requested'] } }),
  ]);
  return { applications, deputy };
}

export const recordsQuery = z.object({ from: dateField('起日'), to: dateField('迄日') });

/** 差勤資料查詢: my approved leave, overtime and punches in a period, with totals per type. */
export async function myRecords(ctx: LeaveContext, actor: Actor, query: z.infer<typeof recordsQuery>) {
  const forms = await ctx.models.forms
    .find({ applicantId: actor.sub, status: { $in: ['approved', 'cancel-requested'] }, ...periodFilter(query) })
    .sort({ start: 1 })
    .lean<FormDoc[]>();
  const totals = new Map<string, { title: string; count: number; minutes: number }>();
  for (const form of forms) {
    const title = form.kind === 'leave' || form.kind === 'comp-time' ? form.leaveTypeName! : form.kind === 'overtime' ? '加班' : '忘刷卡';
    const t = totals.get(title) ?? { title, count: 0, minutes: 0 };
    t.count += 1;
    t.minutes += form.minutes;
    totals.set(title, t);
  }
  return {
    items: forms.map(formView),
    totals: [...totals.values()].map((t) => ({ ...t, duration: formatDuration(t.minutes, DAY_MINUTES) })),
  };
}

const COLUMNS = [
  ['表單編號', 'id'],
  ['申請人', 'applicant'],
  ['單位', 'unit'],
  ['表單', 'title'],
  ['期間', 'period'],
  ['時數', 'duration'],
  ['批示狀態', 'status'],
  ['職務代理人', 'deputy'],
  ['地點', 'location'],
  ['事由', 'reason'],
  ['申請時間', 'submitted'],
] as const;

type Row = Record<(typeof COLUMNS)[number][1], string>;

const rowOf = (form: FormDoc): Row => {
  const view = formView(form);
  return {
    id: view.id,
    applicant: view.applicant.name,
    unit: view.applicant.unitName ?? '',
    title: view.title,
    period: form.kind === 'forgotten-punch' ? view.summary : periodText(form.start, form.end),
    duration: view.duration,
    status: view.statusLabel,
    deputy: view.deputy?.name ?? '',
    location: view.location ?? '',
    reason: view.reason,
    submitted: view.submittedAtText,
  };
};

const csvCell = (value: string) => (/[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replaceAll('"', '""')}"` : value);

/**
 * Attendance managers: the forms of their agency (optionally one unit) in a
 * period, as JSON, CSV (UTF-8 with BOM, for Excel) or XLSX (exceljs).
 */
export async function agencyForms(ctx: LeaveContext, actor: Actor, agencyId: string, query: z.infer<typeof agencyFormsQuery>) {
  if (!isManagerOf(actor, agencyId)) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可查詢機關差勤資料' });
  const statuses = statusesOf(query.status);
  const filter: Filter = { agencyId, ...(query.unitId ? { unitId: query.unitId } : {}), ...periodFilter(query), ...(statuses ? { status: { $in: statuses } } : {}), ...(query.kind ? { kind: query.kind } : {}) };
  const forms = await ctx.models.forms.find(filter).sort({ start: 1 }).limit(query.format === 'json' ? query.limit : 10_000).lean<FormDoc[]>();
  if (query.format === 'json') return { kind: 'json' as const, body: { items: forms.map(formView) } };
  const rows = forms.map(rowOf);
  if (query.format === 'csv') {
    const lines = [COLUMNS.map(([h]) => h).join(','), ...rows.map((r) => COLUMNS.map(([, k]) => csvCell(r[k])).join(','))];
    return { kind: 'csv' as const, body: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'WebITR';
  const sheet = workbook.addWorksheet('差勤資料');
  sheet.columns = COLUMNS.map(([header, key]) => ({ header, key, width: key === 'period' || key === 'reason' ? 32 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return { kind: 'xlsx' as const, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
