import { InputError } from '@webitr/platform';

/**
 * A rule of the leave service was broken. `code` names the rule (stable, for
 * clients and tests), the field is named by path and by the label users know,
 * and the message says what to do, in zh-TW.
 *
 * 400 when the request itself is wrong (end before start, missing location);
 * 409 when it clashes with the current state (overlap, balance, a deputy on
 * leave). The platform's ConflictError carries no per-field errors, so a 409
 * here is an InputError answering 409, which keeps `errors[]` in the problem.
 */
export class RuleError extends InputError {
  constructor(status: 400 | 409, code: string, field: string, label: string, message: string) {
    super({
      code,
      title: status === 409 ? '申請內容與現有資料衝突' : '輸入資料有誤',
      detail: `${label}：${message}`,
      fields: [{ field, label, code, message }],
    });
    if (status === 409) Object.defineProperty(this, 'status', { value: 409 });
  }
}

/** The HTTP status an error answers with (a RuleError may answer 409 though typed as an InputError). */
export const statusOf = (error: { status: number }): number => error.status;

export const invalid = (code: string, field: string, label: string, message: string): RuleError =>
  new RuleError(400, code, field, label, message);
export const conflict = (code: string, field: string, label: string, message: string): RuleError =>
  new RuleError(409, code, field, label, message);
