/** 上班, 下班, 加班進, 加班出, 外出, 外出返回: what a punch says it is, when the machine or the person said so. */
export const PUNCH_KINDS = ['上班', '下班', '加班進', '加班出', '外出', '外出返回'] as const;
export type PunchKind = (typeof PUNCH_KINDS)[number];

/** May the punch be the day's clock-in (上班卡)? A punch without a code may be either. */
export const mayBeIn = (kind: PunchKind | undefined): boolean => kind === undefined || kind === '上班';
/** May the punch be the day's clock-out (下班卡)? */
export const mayBeOut = (kind: PunchKind | undefined): boolean => kind === undefined || kind === '下班';
