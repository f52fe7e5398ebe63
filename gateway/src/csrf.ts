import type { Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { ForbiddenError } from '@webitr/platform';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export const isWrite = (req: Request): boolean => !SAFE_METHODS.has(req.method);

/**
 * CSRF protection for writes made with the session cookie: csrf-csrf's
 * double-submit token, its HMAC bound to the session id (so a token from
 * another session, or from before sign-in, is refused). The web app gets the
 * token from GET /api/me and sends it in the X-CSRF-Token header; the cookie
 * half is HttpOnly and SameSite=Strict. SameSite=Lax on the session cookie is
 * the first line; this is the second.
 */
export class Csrf {
  readonly #utilities: ReturnType<typeof doubleCsrf>;

  constructor(options: { secret: string; cookieName: string; secure: boolean }) {
    this.#utilities = doubleCsrf({
      getSecret: () => options.secret,
      getSessionIdentifier: (req) => req.sessionID,
      cookieName: options.cookieName,
      cookieOptions: { sameSite: 'strict', path: '/', secure: options.secure, httpOnly: true },
      getCsrfTokenFromRequest: (req) => req.headers[CSRF_HEADER],
    });
  }

  /** A token for this session (reused while the cookie half is valid for it). */
  token(req: Request, res: Response): string {
    return this.#utilities.generateCsrfToken(req, res);
  }

  /** Refuse a write without a valid token, with a code saying which way it is wrong. */
  check(req: Request): void {
    if (!isWrite(req)) return;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || sent === '') {
      throw new ForbiddenError({
        code: 'CSRF_TOKEN_MISSING',
        title: '請重新整理頁面後再試',
        detail: '送出的請求缺少 CSRF 驗證碼（X-CSRF-Token）。',
      });
    }
    if (!this.#utilities.validateRequest(req)) {
      throw new ForbiddenError({
        code: 'CSRF_TOKEN_INVALID',
        title: '請重新整理頁面後再試',
        detail: 'CSRF 驗證碼不符或已失效（例如重新登入之後）。',
      });
    }
  }
}
