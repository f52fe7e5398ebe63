import ExcelJS from 'exceljs';
import { ForbiddenError } from '@webitr/platform';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';
import { listAgencyFormsQuery } from '@webitr/contracts';
import type { ListAgencyFormsQuery } from '@webitr/contracts';
import { periodFilter, statusesOf } from '../shared/form-queries.ts';
import type { Filter } from '../shared/form-queries.ts';
import { formView } from '../shared/views.ts';

export const query = listAgencyFormsQuery;

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
    period: view.period,
    duration: view.duration,
    status: view.statusLabel,
    deputy: view.deputy?.name ?? '',
    location: view.location ?? '',
    reason: view.reason,
    submitted: view.submittedAtText,
  };
};

const csvCell = (value: string) =>
  /[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replaceAll('"', '""')}"` : value;

export type Query = ListAgencyFormsQuery;

/**
 * Attendance managers: the forms of their agency (optionally one unit, one
 * applicant, one leave type) in a period, as JSON, CSV (UTF-8 with BOM, for Excel) or XLSX (exceljs).
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, query: Query) {
  if (!mayIn(actor, 'view-agency-forms', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可查詢機關差勤資料' });
  const statuses = statusesOf(query.status);
  const filter: Filter = {
    agencyId,
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...periodFilter(query),
    ...(statuses ? { status: { $in: statuses } } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.applicantId ? { applicantId: query.applicantId } : {}),
    ...(query.leaveType ? { leaveType: query.leaveType } : {}),
  };
  const forms = await ctx.models.forms
    .find(filter)
    .sort({ start: 1 })
    .limit(query.format === 'json' ? query.limit : 10_000)
    .lean<FormDoc[]>();
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
