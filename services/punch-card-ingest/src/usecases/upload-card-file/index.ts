import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InputError, NotFoundError } from '@webitr/platform';
import { taipeiInstant, taipeiLocal } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { readCardLine } from '../../domain/card-file.ts';
import type { CardLine } from '../../domain/card-file.ts';
import type { PendingDaysDoc } from '../../models/attendance-day.ts';
import { punchId } from '../../models/punch.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { uploadLineId } from '../../models/upload.ts';
import type { LineRefusal, UploadDoc, UploadLineDoc } from '../../models/upload.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { foldPunch } from '../shared/attendance.ts';
import { insertAll, insertNew, raw, resolveCards } from '../shared/store.ts';
import { linesOf, wrongType } from './lines.ts';

export const query = z.object({
  profile: z.string().min(1).max(40).meta({ title: '卡檔格式' }),
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(txt|csv|dat)$/i, '卡檔須為 .txt、.csv 或 .dat 檔')
    .meta({ title: '檔名' }),
});
export type Query = z.infer<typeof query>;

/** Content types a card file may come with (browsers send .csv as text/csv or Excel's type, .dat as octet-stream). */
const TEXT_TYPES = /^(text\/(plain|csv)|application\/(octet-stream|vnd\.ms-excel|csv))(;|$)/i;

/** Punches written per insert; the next batch is parsed while one insert is in flight. */
const BATCH = 2_000;
/** Person-days the upload holds before handing them to the attendance job (bounded memory, whatever the file's size). */
const MAX_HELD_DAYS = 20_000;
/** A profile that reads none of the first lines is the wrong profile: refuse the file before storing any of it. */
const PROFILE_PROBE_LINES = 20;
/** How far back a card file may reach (a machine's memory, a late upload); the future never. */
const MAX_AGE_DAYS = 400;
/** Refused lines shown in the answer; all of them are kept for the report. */
const SHOWN_REFUSALS = 100;

const REASON_LABEL: Record<LineRefusal, string> = {
  malformed: '格式錯誤',
  'unknown-card': '卡號不存在',
  'date-out-of-range': '日期超出範圍',
};

interface Parsed {
  n: number;
  text: string;
  line?: CardLine;
  detail?: string;
}

export interface UploadReport {
  id: string;
  filename: string;
  profile: string;
  encoding: string;
  lines: number;
  stored: number;
  duplicates: number;
  refused: Record<LineRefusal, number>;
  /** The first refused lines (all of them: GET …/card-files/:uploadId). */
  refusedLines: { line: number; reason: LineRefusal; label: string; detail: string }[];
}

/**
 * 卡檔上傳: read a card file as it streams in, one batch of lines at a time;
 * store every valid line as a raw punch (unordered bulk inserts; a punch
 * already stored is counted as a duplicate, not stored again) and report
 * every other line with its number and reason. The days the punches touch
 * are left for the attendance job (one entry per person), so the answer
 * comes once the punches are stored.
 */
export async function execute(
  ctx: PunchCardIngestContext,
  actor: Actor,
  agencyId: string,
  q: Query,
  contentType: string | undefined,
  body: AsyncIterable<Uint8Array>,
): Promise<UploadReport> {
  assertAttendanceManager(actor, agencyId);
  if (!TEXT_TYPES.test(contentType ?? '')) throw wrongType(`卡檔須為文字檔（text/plain 或 text/csv），收到「${contentType ?? '未指定'}」`);
  const profile = await ctx.models.profiles.findById(`${agencyId}|${q.profile}`).lean();
  if (!profile)
    throw new NotFoundError({ code: 'CARD_FILE_PROFILE_NOT_FOUND', detail: `卡檔格式：本機關沒有「${q.profile}」這個卡檔格式` });
  const { layout } = profile;

  const now = ctx.clock();
  const today = taipeiLocal(now).date;
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - MAX_AGE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const uploadId = randomUUID();
  const report: UploadReport = {
    id: uploadId,
    filename: q.filename,
    profile: q.profile,
    encoding: layout.encoding,
    lines: 0,
    stored: 0,
    duplicates: 0,
    refused: { malformed: 0, 'unknown-card': 0, 'date-out-of-range': 0 },
    refusedLines: [],
  };
  const cards = new Map<string, string | null>();
  // Per person, per date: [first possible clock-in, last possible clock-out] in ms (compact: a file may touch 100,000s of days).
  const days = new Map<string, Map<string, { firstIn?: Date; lastOut?: Date }>>();
  const read: { encoding?: 'utf-8' | 'big5' } = {};
  let probe: Parsed[] | undefined = [];
  let batch: Parsed[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let started = false;
  const skip = layout.format === 'csv' ? layout.headerLines : 0;

  const start = async () => {
    if (started) return;
    started = true;
    const doc: UploadDoc = {
      _id: uploadId,
      agencyId,
      profileId: q.profile,
      filename: q.filename,
      encoding: read.encoding ?? 'utf-8',
      uploadedBy: actor.sub,
      startedAt: now,
      status: 'running',
      lines: 0,
      stored: 0,
      duplicates: 0,
      refused: report.refused,
    };
    await ctx.models.uploads.create(doc);
  };

  let heldDays = 0;
  let writes = 0;
  /**
   * The days held so far go to the attendance job as pending entries (one per person and write) and
   * are let go: a file of a million lines touches 100,000s of person-days, which must not all sit in
   * memory until its end. The job merges a day's entries (first clock-in, last clock-out), however many.
   */
  const writePendingDays = async () => {
    writes += 1;
    const pending: PendingDaysDoc[] = [];
    for (const [personId, perPerson] of days) {
      pending.push({
        _id: `${uploadId}|${personId}|${writes}`,
        personId,
        agencyId,
        days: Object.fromEntries(
          [...perPerson].map(([date, s]) => [
            date,
            { ...(s.firstIn ? { in: s.firstIn.toISOString() } : {}), ...(s.lastOut ? { out: s.lastOut.toISOString() } : {}) },
          ]),
        ),
        createdAt: now,
      });
      if (pending.length >= 500) await insertAll(raw(ctx.models.pending.collection), pending.splice(0));
    }
    if (pending.length) await insertAll(raw(ctx.models.pending.collection), pending);
    days.clear();
    heldDays = 0;
  };

  const flush = async (lines: Parsed[]) => {
    await start();
    await resolveCards(ctx, agencyId, cardsOf(lines), cards);
    const punches: PunchDoc[] = [];
    const refused: UploadLineDoc[] = [];
    const refuse = (p: Parsed, reason: LineRefusal, detail: string) => {
      report.refused[reason] += 1;
      if (report.refusedLines.length < SHOWN_REFUSALS) report.refusedLines.push({ line: p.n, reason, label: REASON_LABEL[reason], detail });
      refused.push({ _id: uploadLineId(uploadId, p.n), uploadId, line: p.n, reason, detail, text: p.text.slice(0, 200) });
    };
    for (const p of lines) {
      if (!p.line) {
        refuse(p, 'malformed', p.detail!);
        continue;
      }
      const { cardNumber, date, time, readerId, kind } = p.line;
      if (date > today || date < earliest) {
        refuse(p, 'date-out-of-range', `日期 ${date} 超出可上傳範圍（${earliest} 至 ${today}）`);
        continue;
      }
      const personId = cards.get(cardNumber);
      if (!personId) {
        refuse(p, 'unknown-card', `卡號 ${cardNumber} 不屬於本機關任何人員`);
        continue;
      }
      const at = taipeiInstant(date, time.slice(0, 5));
      at.setUTCSeconds(Number(time.slice(6, 8)));
      const source = `reader:${readerId}`;
      punches.push({
        _id: punchId(personId, at, source),
        personId,
        agencyId,
        at,
        date,
        ...(kind ? { kind } : {}),
        channel: 'file',
        source,
        readerId,
        cardNumber,
        uploadId,
        recordedAt: now,
      });
      let perPerson = days.get(personId);
      if (!perPerson) days.set(personId, (perPerson = new Map()));
      let summary = perPerson.get(date);
      if (!summary) {
        perPerson.set(date, (summary = {}));
        heldDays += 1;
      }
      foldPunch(summary, at, kind);
    }
    // One insert in flight while the next batch is read and parsed.
    await inFlight;
    inFlight = Promise.all([
      insertNew(ctx, punches, report),
      refused.length ? insertAll(raw(ctx.models.uploadLines.collection), refused) : 0,
    ]).then(() => undefined);
    if (heldDays >= MAX_HELD_DAYS) {
      // The days go on only once their punches are stored: a failed insert leaves no day computed from a punch not kept.
      await inFlight;
      await writePendingDays();
    }
  };

  for await (const lines of linesOf(body, layout.encoding, read)) {
    for (const text of lines) {
      report.lines += 1;
      const n = report.lines;
      if (n <= skip) continue;
      const reading = text.trim() === '' ? { ok: false as const, detail: '空白列' } : readCardLine(layout, text);
      const parsed: Parsed = reading.ok ? { n, text, line: reading.line } : { n, text, detail: reading.detail };
      if (probe) {
        probe.push(parsed);
        if (probe.length < PROFILE_PROBE_LINES) continue;
        checkProfile(probe, q.profile);
        batch = probe;
        probe = undefined;
        continue;
      }
      batch.push(parsed);
      if (batch.length >= BATCH) {
        await flush(batch);
        batch = [];
      }
    }
  }
  if (probe) {
    checkProfile(probe, q.profile);
    batch = probe;
  }
  if (batch.length) await flush(batch);
  await start();
  await inFlight;
  report.encoding = read.encoding ?? 'utf-8';

  await writePendingDays();
  await ctx.models.uploads.updateOne(
    { _id: uploadId },
    {
      $set: {
        status: 'done',
        finishedAt: ctx.clock(),
        encoding: report.encoding,
        lines: report.lines,
        stored: report.stored,
        duplicates: report.duplicates,
        refused: report.refused,
      },
    },
  );
  ctx.kickAttendance();
  return report;
}

/** None of the first lines reads with this profile: the file is not in this format. Nothing is stored yet. */
function checkProfile(probe: Parsed[], profile: string): void {
  const data = probe.filter((p) => p.text.trim() !== '');
  if (data.length === 0 || data.some((p) => p.line)) return;
  throw new InputError({
    code: 'CARD_FILE_PROFILE_MISMATCH',
    title: '卡檔與格式設定不符',
    detail: `卡檔格式：前 ${data.length} 列都無法以「${profile}」讀取（第 ${data[0]!.n} 列：${data[0]!.detail}），請確認選擇的卡檔格式`,
    fields: [{ field: 'query.profile', code: 'profile_mismatch', message: `卡檔格式：前 ${data.length} 列都無法以「${profile}」讀取` }],
  });
}

function* cardsOf(lines: Parsed[]): Iterable<string> {
  for (const p of lines) if (p.line) yield p.line.cardNumber;
}
