import { z } from 'zod';

/**
 * 身分證字號 (citizens: `[A-Z][12]\d{8}`) and the new-style 居留證號 (residents,
 * since 2021: `[A-Z][89]\d{8}`) share one check-digit rule: the letter becomes
 * its two-digit area code, the eleven digits are weighted 1 9 8 7 6 5 4 3 2 1 1,
 * and the sum must be a multiple of ten.
 *
 * These numbers are personal data: this module only validates and masks them;
 * cipher.ts encrypts and hashes them; nothing here logs them.
 */
const AREA_CODES: Readonly<Record<string, number>> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};
const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];

export const NATIONAL_ID_FORMAT = /^[A-Z][1289]\d{8}$/;
/** What a masked number looks like: `A12*****89`. */
export const MASKED_NATIONAL_ID_FORMAT = /^[A-Z][1289]\d\*{5}\d{2}$/;

export type NationalIdProblem = 'format' | 'check-digit';

/** Why a (normalised) number is not valid, or undefined when it is. */
export function nationalIdProblem(value: string): NationalIdProblem | undefined {
  if (!NATIONAL_ID_FORMAT.test(value)) return 'format';
  const area = AREA_CODES[value[0]!]!;
  const digits = [Math.floor(area / 10), area % 10, ...value.slice(1).split('').map(Number)];
  const sum = digits.reduce((total, digit, i) => total + digit * WEIGHTS[i]!, 0);
  return sum % 10 === 0 ? undefined : 'check-digit';
}

export const isValidNationalId = (value: string): boolean => nationalIdProblem(value) === undefined;

/** Upper-case, without spaces: how people type it is not how it is stored. */
export const normaliseNationalId = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** `A123456789` → `A12*****89`: the only form shown outside the audited full view. */
export function maskNationalId(value: string): string {
  return `${value.slice(0, 3)}*****${value.slice(-2)}`;
}

export const NATIONAL_ID_MESSAGES: Record<NationalIdProblem, string> = {
  format: '身分證字號格式錯誤（應為 1 個英文字母加 9 位數字，第 2 碼為 1、2、8 或 9）',
  'check-digit': '身分證字號檢查碼錯誤',
};

/** A valid national ID number, normalised. The issue message never repeats the number. */
export const nationalIdSchema = z
  .string()
  .transform(normaliseNationalId)
  .superRefine((value, ctx) => {
    const problem = nationalIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: NATIONAL_ID_MESSAGES[problem] });
  })
  .meta({ title: '身分證字號' });
