/**
 * 身分證字號 and 居留證號: the format and check-digit rule, and the zod field,
 * are defined once in contracts (forms/directory.ts) so the web app checks a
 * number as this service does; masking is this service's alone.
 *
 * These numbers are personal data: this module only validates and masks them;
 * cipher.ts encrypts and hashes them; nothing here logs them.
 */
export {
  MASKED_NATIONAL_ID_FORMAT,
  NATIONAL_ID_FORMAT,
  NATIONAL_ID_MESSAGES,
  isValidNationalId,
  nationalIdProblem,
  nationalIdSchema,
  normaliseNationalId,
} from '@webitr/contracts';
export type { NationalIdProblem } from '@webitr/contracts';

/** `A123456789` → `A12*****89`: the only form shown outside the audited full view. */
export function maskNationalId(value: string): string {
  return `${value.slice(0, 3)}*****${value.slice(-2)}`;
}
