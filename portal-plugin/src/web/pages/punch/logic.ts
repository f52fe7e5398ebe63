// 出勤刷卡's logic: the server's clock as the page shows it, and the words of what was recorded.
import { formatRocDateTimeSeconds } from '../../lib/dates.ts';

/** 上班, 下班, 加班進, 加班出, 外出, 外出返回: the kinds the punch service takes (its PUNCH_KINDS). */
export const PUNCH_KINDS = ['上班', '下班', '加班進', '加班出', '外出', '外出返回'] as const;
export type PunchKind = (typeof PUNCH_KINDS)[number];

/** A punch as the service shows it (services/punch-card-ingest, punchView). */
export interface PunchView {
  at: string;
  date: string;
  time: string;
  kind: string | null;
  channel: string;
}

export interface PunchStatus {
  serverTime: string;
  lastPunch: PunchView | null;
}

const CHANNELS: Record<string, string> = { web: '網路刷卡', file: '刷卡機', device: '刷卡機', form: '忘刷卡申請' };
export const channelLabel = (channel: string): string => CHANNELS[channel] ?? channel;

/**
 * How far the server's clock is ahead of this browser's, from one answer:
 * the server read its clock somewhere between sending and receiving, so the
 * middle of the round trip is the best guess. The page ticks from
 * Date.now() + offset, so a wrong client clock does not show.
 */
export function serverOffset(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}

/** `上班 115-11-26 (四) 08:01:23（網路刷卡）` */
export function punchText(punch: PunchView): string {
  return `${punch.kind ?? '刷卡'} ${formatRocDateTimeSeconds(punch.at)}（${channelLabel(punch.channel)}）`;
}

/** The confirmation after a punch: what was recorded, at the server's time. */
export function recordedText(punch: PunchView): string {
  return `已記錄「${punch.kind ?? '刷卡'}」，伺服器時間 ${formatRocDateTimeSeconds(punch.at)}`;
}
