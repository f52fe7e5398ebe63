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

/** Errors of the MongoDB driver (and mongoose) that mean the store cannot be reached right now. */
const STORE_DOWN = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoWaitQueueTimeoutError',
]);

/** ioredis's ways of saying Redis cannot be reached right now (see createRedis: no offline queue, a command timeout). */
const CACHE_DOWN_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
const CACHE_DOWN_MESSAGES = [
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out$/,
  /^Reached the max retries per request limit/,
];

/** Socket errors the clients sometimes pass on unwrapped (the driver's write after the peer closed: EPIPE). */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTCONN']);
const socketErrorOf = (e: Error, client: 'mongodb' | 'ioredis') =>
  SOCKET_CODES.has(String((e as { code?: unknown }).code)) && (e.stack ?? '').includes(`/node_modules/${client}/`);

/**
 * A dependency that is down, told apart from a bug: the store (MongoDB) →
 * 503 STORE_UNAVAILABLE, Redis → 503 CACHE_UNAVAILABLE; undefined for
 * anything else. Looks through `cause` chains, since domain code may wrap.
 */
export function dependencyUnavailable(error: unknown): UnavailableError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (STORE_DOWN.has(e.name) || socketErrorOf(e, 'mongodb')) {
      return new UnavailableError({
        code: 'STORE_UNAVAILABLE',
        title: '資料庫暫時無法使用，請稍後再試',
        detail: '暫時無法連線至資料庫，請稍後再試',
        cause: error,
      });
    }
    if (CACHE_DOWN_NAMES.has(e.name) || CACHE_DOWN_MESSAGES.some((m) => m.test(e.message)) || socketErrorOf(e, 'ioredis')) {
      return new UnavailableError({
        code: 'CACHE_UNAVAILABLE',
        title: '快取服務暫時無法使用，請稍後再試',
        detail: '暫時無法連線至快取服務 (Redis)，請稍後再試',
        cause: error,
      });
    }
  }
  return undefined;
}
