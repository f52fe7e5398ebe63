import { z } from 'zod';
import ExcelJS from 'exceljs';
import { EMPLOYMENT_STATUS_NAMES, exportPeopleQuery } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { changeEntry } from '../../audit/entries.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { todayInTaipei } from '../shared/dates.ts';
import { agencyIdParams } from '../shared/fields.ts';

/**
 * 下載機關所有員工資料 / 員工應用系統權限資料: the agency's people and their apps
 * as CSV (UTF-8 with a BOM, so Excel opens it) or XLSX (two sheets: people,
 * and one row per person and app). National IDs are masked; the columns are
 * the import's, so a file can be edited and imported back once the numbers are
 * filled in. Each export is written to the change log.
 */
export const query = agencyIdParams.extend(exportPeopleQuery.shape);
export type ExportQuery = z.infer<typeof query>;

const STATUS_WORDS = EMPLOYMENT_STATUS_NAMES;
const HEADER = [
  '身分證字號',
  '姓名',
  '電子郵件',
  '單位',
  '職稱',
  '職務類別',
  '到職日期',
  '在職狀態',
  '狀態生效日',
  '班別',
  '卡號',
  '可用系統',
  '角色',
];

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export async function execute(ctx: DirectoryContext, actor: Actor, query: ExportQuery): Promise<ExportFile> {
  const { agencyId } = query;
  authorize(actor, 'export-people', agencyId);
  const { Person, Unit } = ctx.models;
  const units = new Map((await Unit.find({ agencyId }, { name: 1 }).lean()).map((u) => [u._id, u.name]));
  const people = await Person.find(
    { agencyId, ...(query.status ? { status: query.status } : {}) },
    { journal: 0, outbox: 0, nationalIdCipher: 0 },
  )
    .sort({ name: 1, _id: 1 })
    .lean<Person[]>();
  const rows = people.map((p) => [
    p.nationalIdMasked,
    p.name,
    p.email ?? '',
    (p.unitId && units.get(p.unitId)) || '',
    p.title ?? '',
    p.jobCategory,
    p.serviceStartDate ?? '',
    STATUS_WORDS[p.status],
    p.statusSince,
    p.scheduleGroup ?? '',
    (p.cardNumbers ?? []).join(';'),
    (p.apps ?? []).join(';'),
    (p.roles ?? []).map((r) => r.role).join(';'),
  ]);
  const stem = `${agencyId}-people-${todayInTaipei(ctx.clock())}`;
  const file: ExportFile =
    query.format === 'csv'
      ? {
          filename: `${stem}.csv`,
          contentType: 'text/csv; charset=utf-8',
          body: Buffer.from(`\uFEFF${[HEADER, ...rows].map(csvLine).join('\r\n')}\r\n`, 'utf8'),
        }
      : {
          filename: `${stem}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await workbook(rows, people, units),
        };
  await ctx.journal.append(
    changeEntry(actor, {
      action: 'people.exported',
      agencyIds: [agencyId],
      targetType: 'agency',
      targetId: agencyId,
      changes: [],
      after: { format: query.format, count: people.length, ...(query.status ? { status: query.status } : {}) },
    }),
  );
  return file;
}

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula. */
function csvLine(cells: readonly string[]): string {
  return cells
    .map((raw) => {
      const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
      return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    })
    .join(',');
}

async function workbook(rows: string[][], people: readonly Person[], units: ReadonlyMap<string, string>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'WebITR directory';
  const sheet = book.addWorksheet('員工資料');
  sheet.addRow(HEADER).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 16));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const apps = book.addWorksheet('應用系統權限');
  apps.addRow(['身分證字號', '姓名', '單位', '可用系統']).font = { bold: true };
  for (const p of people)
    for (const app of p.apps ?? []) apps.addRow([p.nationalIdMasked, p.name, (p.unitId && units.get(p.unitId)) || '', app]);
  apps.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
