import type { FieldError } from '@webitr/contracts';

/**
 * Typed errors thrown by domain code. One Express middleware (http/problem.ts)
 * maps them to RFC 9457 problem responses; domain code never touches HTTP.
 *
 * `code` is stable and machine-readable (clients and tests match on it);
 * `title` and `detail` are zh-TW for the person reading the screen.
 */
export interface AppErrorOptions {
  code?: string;
  title?: string;
  detail?: string;
  cause?: unknown;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;

  protected constructor(defaults: { code: string; title: string }, options: AppErrorOptions = {}) {
    super(options.detail ?? options.title ?? defaults.title, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaults.code;
    this.title = options.title ?? defaults.title;
    this.detail = options.detail;
  }
}

/** 400: the request itself is wrong; `fields` says which field and why. */
export class InputError extends AppError {
  readonly status = 400;
  readonly fields: FieldError[];
  constructor(options: AppErrorOptions & { fields?: FieldError[] } = {}) {
    super({ code: 'VALIDATION_FAILED', title: '輸入資料有誤' }, options);
    this.fields = options.fields ?? [];
  }
}

/** 413: the request body is larger than the route accepts. */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'PAYLOAD_TOO_LARGE', title: '上傳的資料過大' }, options);
  }
}

/** 401: no valid sign-in or identity assertion. */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'UNAUTHENTICATED', title: '尚未登入或登入已逾時' }, options);
  }
}

/** 403: signed in, but not allowed to do this (role, agency, network zone, app permission). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'FORBIDDEN', title: '您沒有執行此項作業的權限' }, options);
  }
}

/** 404: the thing asked for does not exist (or is not visible to this person). */
export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'NOT_FOUND', title: '查無資料' }, options);
  }
}

/** 409: the request is valid but clashes with the current state (overlap, balance, version). */
export class ConflictError extends AppError {
  readonly status = 409;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'CONFLICT', title: '資料狀態已變更，無法完成此項作業' }, options);
  }
}

/** 503: a dependency the request needs is down; the client may retry later. */
export class UnavailableError extends AppError {
  readonly status = 503;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'SERVICE_UNAVAILABLE', title: '系統暫時無法提供服務，請稍後再試' }, options);
  }
}

/** 415: the body is not in the format the operation reads (a JSON operation sent text, a form, XML). */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'UNSUPPORTED_MEDIA_TYPE', title: '不支援的內容格式' }, options);
  }
}
