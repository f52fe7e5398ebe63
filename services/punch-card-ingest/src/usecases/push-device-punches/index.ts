import { createHash } from 'node:crypto';
import { z } from 'zod';
import { onsiteZoneOf } from '@webitr/contracts';
import type { DeviceIdentity } from '@webitr/contracts';
import { ConflictError, ForbiddenError, InputError, isDuplicateKeyError, parseInput, UnauthenticatedError } from '@webitr/platform';
import { taipeiLocal } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import { readDeviceKey, secretMatches } from '../../domain/device-key.ts';
import { PUNCH_KINDS } from '../../domain/punch-kinds.ts';
import type { PendingDaysDoc } from '../../models/attendance-day.ts';
import { deviceBatchId } from '../../models/device.ts';
import type { DeviceBatchDoc, PunchDeviceDoc } from '../../models/device.ts';
import { punchId } from '../../models/punch.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { foldPunch } from '../shared/attendance.ts';
import type { DaySummary } from '../shared/attendance.ts';
import { insertAll, insertNew, raw, resolveCards } from '../shared/store.ts';

/** How far a batch's `sentAt` may be from the server's clock; a batch outside it is refused (a replay of old traffic, or a machine whose clock is off). */
export const WINDOW_MS = 5 * 60_000;
/** How far back a pushed punch may reach (a machine that was offline), as for card files. */
const MAX_AGE_DAYS = 400;
export const MAX_PUNCHES = 1_000;

export const command = z.object({
  batchId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/, '批次代號須為 8 至 128 個英數字或 . _ : -')
    .meta({ title: '批次代號', description: 'unique per device: the same batch again stores nothing and gets the first answer' }),
  sentAt: z.iso.datetime({ offset: true }).meta({ title: '傳送時間', description: 'the machine clock; within 5 minutes of the server' }),
  punches: z
    .array(
      z.object({
        card: z.string().trim().min(1).max(32).meta({ title: '卡號' }),
        at: z.iso.datetime({ offset: true }).meta({ title: '刷卡時間' }),
        kind: z.enum(PUNCH_KINDS).optional().meta({ title: '刷卡別' }),
      }),
    )
    .min(1)
    .max(MAX_PUNCHES)
    .meta({ title: '刷卡資料' }),
});
export type Command = z.infer<typeof command>;

export type DevicePunchRefusal = 'unknown-card' | 'date-out-of-range';

export interface DeviceBatchReport {
  deviceId: string;
  batchId: string;
  received: number;
  stored: number;
  /** Punches already stored (the same card file, an earlier batch). */
  duplicates: number;
  refused: { index: number; reason: DevicePunchRefusal; detail: string }[];
}

export interface DeviceBatchAnswer {
  report: DeviceBatchReport;
  /** The batch was worked before: this is the first answer again, and nothing was stored now. */
  replayed: boolean;
}

const keyInvalid = (detail: string) =>
  new UnauthenticatedError({ code: 'DEVICE_KEY_INVALID', title: '刷卡機金鑰無效', detail: `刷卡機金鑰：${detail}` });

/**
 * A card machine pushes a batch of punches (as it recorded them: its clock
 * says when each punch was). The gateway forwards it without a session from
 * an onsite network; here the device is authenticated by its own key and
 * must be calling from its agency's onsite network. Replays are safe: the
 * batch is claimed under `<deviceId>|<batchId>` before any punch is stored,
 * so the same batch again stores nothing and answers what it answered the
 * first time, the same id with other punches is refused, and `sentAt` must
 * be within 5 minutes of the server's clock. The punches themselves are
 * unique on person, instant and reader, so even a batch worked twice (a
 * claim lost with a crash) stores each punch once.
 */
export async function execute(
  ctx: PunchCardIngestContext,
  call: DeviceIdentity,
  authorization: string | undefined,
  body: unknown,
): Promise<DeviceBatchAnswer> {
  const device = await authenticate(ctx, authorization);
  if (!call.zones.includes(onsiteZoneOf(device.agencyId)))
    throw new ForbiddenError({
      code: 'DEVICE_ZONE_MISMATCH',
      title: '刷卡機不在所屬機關的網路',
      detail: `刷卡機「${device.name}」僅能自所屬機關的現場網路傳送，此連線來自 ${call.ip}`,
    });
  // Authenticated first: what a stranger sends is not looked at.
  const batch = parseInput(command, body, 'body');
  const now = ctx.clock();
  const sentAt = new Date(batch.sentAt);
  if (Math.abs(sentAt.getTime() - now.getTime()) > WINDOW_MS)
    throw new InputError({
      code: 'DEVICE_BATCH_STALE',
      title: '批次傳送時間超出允許範圍',
      detail: `傳送時間：${batch.sentAt} 與伺服器時間 ${now.toISOString()} 相差超過 5 分鐘，請校正刷卡機時鐘後以新的批次重送`,
      fields: [{ field: 'body.sentAt', code: 'stale', message: '傳送時間：與伺服器時間相差超過 5 分鐘' }],
    });

  const claim: DeviceBatchDoc = {
    _id: deviceBatchId(device._id, batch.batchId),
    deviceId: device._id,
    agencyId: device.agencyId,
    batchId: batch.batchId,
    fingerprint: fingerprintOf(batch),
    status: 'running',
    receivedAt: now,
  };
  try {
    await ctx.models.deviceBatches.create(claim);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return replay(ctx, claim);
  }
  try {
    const report = await store(ctx, device, batch, now);
    await ctx.models.deviceBatches.updateOne({ _id: claim._id }, { $set: { status: 'done', answer: JSON.stringify(report) } });
    await ctx.models.devices.updateOne({ _id: device._id }, { $set: { lastPushAt: now } });
    ctx.logger.info(
      {
        deviceId: device._id,
        batchId: batch.batchId,
        stored: report.stored,
        duplicates: report.duplicates,
        refused: report.refused.length,
      },
      'device batch stored',
    );
    return { report, replayed: false };
  } catch (error) {
    // Nothing half-done stays claimed: the device's retry works the batch again (its punches are stored once whatever happens).
    await ctx.models.deviceBatches.deleteOne({ _id: claim._id }).catch(() => undefined);
    throw error;
  }
}

async function authenticate(ctx: PunchCardIngestContext, authorization: string | undefined): Promise<PunchDeviceDoc> {
  const key = readDeviceKey(authorization);
  if (!key) throw keyInvalid('未提供或格式錯誤（須為 Authorization: Bearer <金鑰>）');
  const device = await ctx.models.devices.findById(key.deviceId).lean();
  // An unknown device and a wrong secret get the same answer: the refusal tells a guesser nothing.
  if (!device || !secretMatches(key.secret, device.keyHash)) throw keyInvalid('金鑰錯誤');
  if (device.status === 'revoked')
    throw new UnauthenticatedError({
      code: 'DEVICE_REVOKED',
      title: '刷卡機已停用',
      detail: `刷卡機「${device.name}」已於 ${device.revokedAt?.toISOString() ?? ''} 停用，不再接受傳送；如需使用請重新註冊`,
    });
  return device;
}

/** What the batch holds (not when it was sent): a retry re-sent later with a new `sentAt` is the same batch. */
function fingerprintOf(batch: Command): string {
  const punches = batch.punches.map((p) => [p.card, new Date(p.at).toISOString(), p.kind ?? '']);
  return createHash('sha256')
    .update(JSON.stringify([batch.batchId, punches]))
    .digest('hex');
}

async function replay(ctx: PunchCardIngestContext, claim: DeviceBatchDoc): Promise<DeviceBatchAnswer> {
  const first = await ctx.models.deviceBatches.findById(claim._id).lean();
  if (first && first.fingerprint !== claim.fingerprint)
    throw new ConflictError({
      code: 'DEVICE_BATCH_REUSED',
      title: '批次代號已用於其他刷卡資料',
      detail: `批次代號：「${claim.batchId}」已傳送過不同的刷卡資料，新的批次須使用新的代號`,
    });
  if (!first || first.status !== 'done' || !first.answer)
    throw new ConflictError({
      code: 'DEVICE_BATCH_IN_PROGRESS',
      title: '此批次正在處理中',
      detail: `批次代號：「${claim.batchId}」正在處理中，請稍後再查詢結果`,
    });
  return { report: JSON.parse(first.answer) as DeviceBatchReport, replayed: true };
}

async function store(ctx: PunchCardIngestContext, device: PunchDeviceDoc, batch: Command, now: Date): Promise<DeviceBatchReport> {
  const report: DeviceBatchReport = {
    deviceId: device._id,
    batchId: batch.batchId,
    received: batch.punches.length,
    stored: 0,
    duplicates: 0,
    refused: [],
  };
  const cards = new Map<string, string | null>();
  await resolveCards(
    ctx,
    device.agencyId,
    batch.punches.map((p) => p.card),
    cards,
  );
  const today = taipeiLocal(now).date;
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - MAX_AGE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const latest = now.getTime() + WINDOW_MS;
  const source = `reader:${device.readerId}`;
  const punches: PunchDoc[] = [];
  const days = new Map<string, Map<string, DaySummary>>();
  batch.punches.forEach((p, index) => {
    const at = new Date(p.at);
    const { date } = taipeiLocal(at);
    if (at.getTime() > latest || date < earliest) {
      report.refused.push({ index, reason: 'date-out-of-range', detail: `刷卡時間：${p.at} 超出可接受範圍（${earliest} 至現在）` });
      return;
    }
    const personId = cards.get(p.card);
    if (!personId) {
      report.refused.push({ index, reason: 'unknown-card', detail: `卡號 ${p.card} 不屬於本機關任何人員` });
      return;
    }
    punches.push({
      _id: punchId(personId, at, source),
      personId,
      agencyId: device.agencyId,
      at,
      date,
      ...(p.kind ? { kind: p.kind } : {}),
      channel: 'device',
      source,
      readerId: device.readerId,
      cardNumber: p.card,
      deviceId: device._id,
      recordedAt: now,
    });
    let perPerson = days.get(personId);
    if (!perPerson) days.set(personId, (perPerson = new Map()));
    let summary = perPerson.get(date);
    if (!summary) perPerson.set(date, (summary = {}));
    foldPunch(summary, at, p.kind);
  });
  await insertNew(ctx, punches, report);
  // The days the punches touch, for the attendance job, as an upload leaves them.
  const pending: PendingDaysDoc[] = [...days].map(([personId, perPerson]) => ({
    _id: `device:${device._id}|${batch.batchId}|${personId}`,
    personId,
    agencyId: device.agencyId,
    days: Object.fromEntries(
      [...perPerson].map(([date, s]) => [
        date,
        { ...(s.firstIn ? { in: s.firstIn.toISOString() } : {}), ...(s.lastOut ? { out: s.lastOut.toISOString() } : {}) },
      ]),
    ),
    createdAt: now,
  }));
  if (pending.length) await insertAll(raw(ctx.models.pending.collection), pending);
  ctx.kickAttendance();
  return report;
}
