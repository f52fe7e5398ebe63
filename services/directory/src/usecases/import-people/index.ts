import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { AppError, InputError } from '@webitr/platform';
import { JOB_CATEGORIES, importPeopleQuery, importReportSchema, importRowResultSchema } from '@webitr/contracts';
import type { EmploymentStatus, ImportReport, ImportRowResult, JobCategory } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { maskNationalId, nationalIdSchema } from '../../personal-data/national-id.ts';
import { authorize, may } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { dateMessage, readDate } from '@webitr/work-calendar';
import { changeEntitlements } from '../shared/entitlements.ts';
import {
  agencyIdParams,
  appsSchema,
  cardNumbersSchema,
  emailSchema,
  personNameSchema,
  scheduleGroupSchema,
  titleSchema,
} from '../shared/fields.ts';
import { createPerson, newPerson } from '../shared/person-creation.ts';
import type { CreatePersonCommand } from '../shared/person-creation.ts';
import { loadAgency } from '../shared/agencies.ts';
import { insertPeople } from '../shared/person-writer.ts';
import { TRANSITIONS, changeEmploymentStatus } from '../shared/employment-status.ts';
import type { StatusChange } from '../shared/employment-status.ts';
import { updatePerson } from '../shared/person-update.ts';
import { COLUMN_LABELS, STATUS_WORDS, mapHeader, splitList } from './columns.ts';
import type { Column } from './columns.ts';
import { decodeCsv } from './decode.ts';

/**
 * 批次匯入員工 from CSV (UTF-8 or Big5). Every data row gets a line in the
 * report: created, updated, unchanged, or failed with the line number and the
 * reasons; a blank line is listed as blank. Valid rows are applied even when
 * others fail. A row whose national ID is already in the agency updates that
 * person with the cells that are filled in (a blank cell leaves the field as
 * it is) and grants the apps listed, so importing the same file again changes
 * nothing. `dryRun` checks without applying.
 */
export const command = agencyIdParams.extend(importPeopleQuery.shape);
export type ImportCommand = z.infer<typeof command>;

export const rowResultSchema = importRowResultSchema;
export type RowResult = ImportRowResult;
export const reportSchema = importReportSchema;

const REQUIRED = '此欄位為必填';
const cell = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
const rowSchema = z.object({
  nationalId: cell(nationalIdSchema),
  name: cell(personNameSchema),
  email: cell(emailSchema.optional()),
  unit: cell(z.string().trim().optional()),
  title: cell(titleSchema.optional()),
  jobCategory: cell(
    z
      .string()
      .trim()
      .refine((v): v is JobCategory => (JOB_CATEGORIES as readonly string[]).includes(v), {
        message: `職務類別應為：${JOB_CATEGORIES.join('、')}`,
      }),
  ),
  serviceStartDate: cell(
    z
      .string()
      .transform((v, ctx) => {
        const reading = readDate(v, 'import');
        return reading.ok ? reading.date : (ctx.addIssue({ code: 'custom', message: dateMessage(v, reading, 'import') }), z.NEVER);
      })
      .optional(),
  ),
  status: cell(
    z
      .string()
      .transform(
        (v, ctx): EmploymentStatus =>
          STATUS_WORDS[v.trim()] ?? (ctx.addIssue({ code: 'custom', message: '在職狀態應為 在職、留職停薪 或 離職' }), z.NEVER),
      )
      .optional(),
  ),
  scheduleGroup: cell(scheduleGroupSchema.optional()),
  cardNumbers: cell(z.string().transform(splitList).pipe(cardNumbersSchema).optional()),
  apps: cell(z.string().transform(splitList).pipe(appsSchema).optional()),
});
type Row = z.infer<typeof rowSchema>;

const CHANGE_FOR: Record<EmploymentStatus, StatusChange> = { active: 'reinstate', 'leave-without-pay': 'suspend', separated: 'separate' };
const FIELD_OF_CODE: Record<string, Column> = {
  EMAIL_TAKEN: 'email',
  CARD_TAKEN: 'cardNumbers',
  PERSON_EXISTS: 'nationalId',
  UNIT_NOT_FOUND: 'unit',
};

export async function execute(ctx: DirectoryContext, actor: Actor, command: ImportCommand, bytes: Buffer): Promise<ImportReport> {
  const { agencyId } = command;
  authorize(actor, 'import-people', agencyId);
  if (bytes.length === 0) throw new InputError({ code: 'IMPORT_EMPTY', detail: '匯入檔案是空的' });
  if (bytes.length > ctx.importMaxBytes)
    throw new InputError({ code: 'IMPORT_TOO_LARGE', detail: `匯入檔案不可超過 ${Math.floor(ctx.importMaxBytes / 1024 / 1024)} MB` });
  const { text, encoding } = decodeCsv(bytes, command.encoding);
  const records = parseRecords(text);
  const [header, ...data] = records;
  if (!header) throw new InputError({ code: 'IMPORT_EMPTY', detail: '匯入檔案沒有任何資料' });
  const { columns, unknown, missing } = mapHeader(header.record);
  if (missing.length > 0) {
    throw new InputError({
      code: 'IMPORT_COLUMNS_MISSING',
      detail: `第 ${header.line} 行（標題列）缺少欄位：${missing.map((c) => COLUMN_LABELS[c]).join('、')}`,
    });
  }

  const units = new Map((await ctx.models.Unit.find({ agencyId }, { name: 1 }).lean()).map((u) => [u.name, u._id]));
  const agency = await loadAgency(ctx, agencyId);
  const report: ImportReport = {
    encoding,
    dryRun: command.dryRun,
    total: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    valid: 0,
    failed: 0,
    blankLines: [],
    ignoredColumns: unknown,
    rows: [],
  };
  const rows: { line: number; cells: Partial<Record<Column, string>>; parsed: ReturnType<typeof rowSchema.safeParse> }[] = [];
  for (const { record, line } of data) {
    const cells: Partial<Record<Column, string>> = {};
    for (const [index, column] of columns) cells[column] = record[index] ?? '';
    if (Object.values(cells).every((v) => !v?.trim())) report.blankLines.push(line);
    else rows.push({ line, cells, parsed: rowSchema.safeParse(cells) });
  }
  // Who is already there, in one query for the whole file.
  const hashes = rows.flatMap(({ parsed }) => (parsed.success ? [ctx.protector.hash(parsed.data.nationalId)] : []));
  const existing = new Map(
    (
      await ctx.models.Person.find({ nationalIdHash: { $in: hashes } }, { agencyId: 1, status: 1, nationalIdHash: 1, apps: 1 }).lean<
        Pick<Person, '_id' | 'agencyId' | 'status' | 'nationalIdHash' | 'apps'>[]
      >()
    ).map((p) => [p.nationalIdHash, p]),
  );
  const state: RowState = {
    units,
    existing,
    seenIds: new Map(),
    seenEmails: new Map(),
    dryRun: command.dryRun,
    defaultApps: agency.defaultApps ?? [],
    mayGrantApps: may(actor, 'manage-apps', agencyId),
  };
  const results: RowResult[] = [];
  const creations: Creation[] = [];
  for (const row of rows) {
    const outcome = await importRow(ctx, actor, agencyId, row.line, row.cells, row.parsed, state);
    if ('cmd' in outcome) creations.push({ ...outcome, at: results.length });
    results.push('cmd' in outcome ? outcome.pending : outcome);
  }
  for (let i = 0; i < creations.length; i += CREATE_BATCH) {
    for (const { at, result } of await createAll(ctx, actor, agencyId, creations.slice(i, i + CREATE_BATCH))) results[at] = result;
  }
  for (const result of results) {
    report.total += 1;
    report.rows.push(result);
    report[result.outcome] += 1;
  }
  return report;
}

/** New people are written this many at a time: a few round trips per batch instead of some fifteen per row. */
const CREATE_BATCH = 200;

/** A row that makes a new person, checked and waiting for its batch; `at` is its place in the report. */
interface Creation {
  at: number;
  line: number;
  cmd: CreatePersonCommand;
  pending: RowResult;
}

/**
 * Create the people of a batch together (insertPeople); a row whose number,
 * e-mail or card someone else holds is then created alone, so its report
 * names the conflict exactly as a single 新增員工 would.
 */
async function createAll(
  ctx: DirectoryContext,
  actor: Actor,
  agencyId: string,
  batch: readonly Creation[],
): Promise<{ at: number; result: RowResult }[]> {
  const agency = await loadAgency(ctx, agencyId);
  const built = batch.map((creation) => ({
    creation,
    created: newPerson(ctx, actor, agency, creation.cmd, { note: importNote(creation.line) }),
  }));
  const refused = await insertPeople(
    ctx,
    built.map(({ created }) => created),
  );
  const results: { at: number; result: RowResult }[] = [];
  for (const { creation, created } of built) {
    const { at, line, cmd, pending } = creation;
    if (!refused.has(created.person._id)) {
      results.push({ at, result: { ...pending, personId: created.person._id, outcome: 'created' } });
      continue;
    }
    try {
      const person = await createPerson(ctx, actor, agencyId, cmd, { note: importNote(line) });
      results.push({ at, result: { ...pending, personId: person._id, outcome: 'created' } });
    } catch (error) {
      results.push({ at, result: failedBy(error, pending) });
    }
  }
  return results;
}

const importNote = (line: number) => `CSV 匯入第 ${line} 行`;

/** A refusal of the domain becomes the row's error, in the column it concerns; anything else stops the import. */
function failedBy(error: unknown, base: RowResult): RowResult {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const field = FIELD_OF_CODE[error.code];
  return { ...base, outcome: 'failed', errors: [{ field: field ? COLUMN_LABELS[field] : '', message: error.detail ?? error.title }] };
}

interface RowState {
  units: Map<string, string>;
  existing: Map<string, Pick<Person, '_id' | 'agencyId' | 'status' | 'apps'>>;
  seenIds: Map<string, number>;
  seenEmails: Map<string, number>;
  dryRun: boolean;
  /** 機關預設可用系統, which anyone importing may list (a new person gets them anyway). */
  defaultApps: readonly string[];
  /** 可用系統 beyond those is the administrator's to grant (an attendance manager's file may not). */
  mayGrantApps: boolean;
}

async function importRow(
  ctx: DirectoryContext,
  actor: Actor,
  agencyId: string,
  line: number,
  cells: Partial<Record<Column, string>>,
  parsed: ReturnType<typeof rowSchema.safeParse>,
  state: RowState,
): Promise<RowResult | Omit<Creation, 'at'>> {
  const errors: RowResult['errors'] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const column = issue.path[0] as Column;
        const missing = issue.code === 'invalid_type' && issue.input === undefined;
        return { field: COLUMN_LABELS[column] ?? String(column), message: missing ? REQUIRED : issue.message };
      });
  const base = { line, name: cells.name?.trim() || undefined };
  if (!parsed.success) return { ...base, outcome: 'failed', errors };
  const row: Row = parsed.data;
  const masked = maskNationalId(row.nationalId);
  const fail = (field: Column, message: string): RowResult => ({
    ...base,
    nationalIdMasked: masked,
    outcome: 'failed',
    errors: [{ field: COLUMN_LABELS[field], message }],
  });

  const firstLine = state.seenIds.get(row.nationalId);
  if (firstLine !== undefined) return fail('nationalId', `與第 ${firstLine} 行的身分證字號重複`);
  state.seenIds.set(row.nationalId, line);
  if (row.email) {
    const emailLine = state.seenEmails.get(row.email);
    if (emailLine !== undefined) return fail('email', `與第 ${emailLine} 行的電子郵件重複`);
    state.seenEmails.set(row.email, line);
  }
  const unitId = row.unit ? state.units.get(row.unit) : undefined;
  if (row.unit && !unitId) return fail('unit', `本機關查無「${row.unit}」單位`);

  const existing = state.existing.get(ctx.protector.hash(row.nationalId));
  if (existing && existing.agencyId !== agencyId) return fail('nationalId', '此人員屬於其他機關，請使用機關員工轉移');
  if (existing && row.status && row.status !== existing.status && !TRANSITIONS[CHANGE_FOR[row.status]].from.includes(existing.status)) {
    return fail('status', '無法由目前的在職狀態直接變更為此狀態');
  }
  // Apps the row would grant: beyond the defaults (new person) or what the person holds (existing), only an administrator may.
  const granting = (row.apps ?? []).filter((app) => !(existing ? (existing.apps ?? []) : state.defaultApps).includes(app));
  if (granting.length > 0 && !state.mayGrantApps) return fail('apps', `可用系統（${granting.join('、')}）僅機關管理員可以授權`);
  if (state.dryRun)
    return { ...base, ...(existing ? { personId: existing._id } : {}), nationalIdMasked: masked, outcome: 'valid', errors: [] };

  const note = importNote(line);
  if (!existing) {
    const cmd: CreatePersonCommand = {
      nationalId: row.nationalId,
      name: row.name,
      email: row.email,
      unitId,
      title: row.title,
      jobCategory: row.jobCategory,
      scheduleGroup: row.scheduleGroup,
      serviceStartDate: row.serviceStartDate,
      cardNumbers: row.cardNumbers ?? [],
      identities: [],
      status: row.status ?? 'active',
      apps: row.apps ?? [],
    };
    return { line, cmd, pending: { ...base, nationalIdMasked: masked, outcome: 'created', errors: [] } };
  }
  try {
    const updated = await updatePerson(
      ctx,
      actor,
      existing._id,
      {
        name: row.name,
        jobCategory: row.jobCategory,
        ...(row.email ? { email: row.email } : {}),
        ...(unitId ? { unitId } : {}),
        ...(row.title ? { title: row.title } : {}),
        ...(row.scheduleGroup ? { scheduleGroup: row.scheduleGroup } : {}),
        ...(row.serviceStartDate ? { serviceStartDate: row.serviceStartDate } : {}),
        ...(row.cardNumbers ? { cardNumbers: row.cardNumbers } : {}),
      },
      note,
    );
    let changed = updated.changed;
    if (row.status && row.status !== updated.person.status) {
      await changeEmploymentStatus(ctx, actor, existing._id, CHANGE_FOR[row.status], { reason: note });
      changed = true;
    }
    if (granting.length > 0) {
      const granted = await changeEntitlements(ctx, actor, 'grant', [existing._id], granting);
      changed ||= granted.items.some((item) => item.changed.length > 0);
    }
    return { ...base, personId: existing._id, nationalIdMasked: masked, outcome: changed ? 'updated' : 'unchanged', errors: [] };
  } catch (error) {
    return failedBy(error, { ...base, nationalIdMasked: masked, errors: [], outcome: 'failed' });
  }
}

function parseRecords(text: string): { record: string[]; line: number }[] {
  try {
    const parsed = parse(text, { info: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return parsed.map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new InputError({ code: 'CSV_MALFORMED', detail: `CSV 格式錯誤${where ? `（第 ${where} 行附近）` : ''}：請確認引號是否成對` });
  }
}
