// The app's only way to the gateway: same-origin fetch with the session
// cookie, JSON in and out, the CSRF token on writes, an Idempotency-Key on
// the creates the contracts mark idempotent, and every failure as a
// ProblemError.
import { ProblemError, networkError } from './problem.ts';
import type { ProblemBody } from './problem.ts';

export type Query = Record<string, string | number | boolean | undefined>;

export interface WriteOptions {
  /**
   * The key of this user action (see IdempotencyKeys): sent again on a retry
   * of the same action so the service answers the first result instead of
   * filing twice. Without one, an idempotent create gets a fresh key.
   */
  idempotencyKey?: string;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Called on any 401: the session is gone, the shell shows the signed-out view. */
  onUnauthenticated?: (problem: ProblemError) => void;
  /** Which writes take an Idempotency-Key; loaded on the first write (the route tables are not needed to show a page). */
  isIdempotentCreate?: (method: string, url: string) => boolean | Promise<boolean>;
}

const loadIdempotentCreate = async (method: string, url: string) => (await import('./routes.ts')).isIdempotentCreate(method, url);

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export class ApiClient {
  #csrfToken: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #onUnauthenticated: ((problem: ProblemError) => void) | undefined;
  readonly #isIdempotentCreate: (method: string, url: string) => boolean | Promise<boolean>;

  constructor(options: ApiClientOptions = {}) {
    // Bound: window.fetch called as a method of another object throws "Illegal invocation".
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#onUnauthenticated = options.onUnauthenticated;
    this.#isIdempotentCreate = options.isIdempotentCreate ?? loadIdempotentCreate;
  }

  /** The token GET /api/me hands out (gateway/src/csrf.ts): writes send it in X-CSRF-Token. */
  set csrfToken(token: string | undefined) {
    this.#csrfToken = token;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.#send<T>('GET', withQuery(path, query), undefined, {});
  }

  post<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return this.#send<T>('POST', path, body, options);
  }

  put<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return this.#send<T>('PUT', path, body, options);
  }

  patch<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return this.#send<T>('PATCH', path, body, options);
  }

  delete<T>(path: string, options: WriteOptions = {}): Promise<T> {
    return this.#send<T>('DELETE', path, undefined, options);
  }

  /** A file as the request's body (批次匯入's CSV), answered in JSON like the rest. */
  postFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
    return this.#send<T>('POST', path, file, {}, contentType);
  }

  async #send<T>(method: string, url: string, body: unknown, options: WriteOptions, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      if (this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      else if (await this.#isIdempotentCreate(method, url)) headers['idempotency-key'] = crypto.randomUUID();
    }
    if (body !== undefined) headers['content-type'] = contentType;
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: body instanceof Blob ? body : JSON.stringify(body) } : {}),
      });
    } catch {
      throw networkError();
    }
    if (res.ok) return (res.status === 204 ? undefined : await res.json().catch(() => undefined)) as T;
    const problem = new ProblemError(res.status, await problemBody(res));
    if (problem.unauthenticated) this.#onUnauthenticated?.(problem);
    throw problem;
  }
}

/** The problem in an error answer; an answer that is not one (a proxy's HTML page) still becomes a problem with the status. */
async function problemBody(res: Response): Promise<ProblemBody> {
  const type = res.headers.get('content-type') ?? '';
  if (/^application\/(problem\+)?json/.test(type)) {
    const body = (await res.json().catch(() => undefined)) as ProblemBody | undefined;
    if (body && typeof body === 'object') return body;
  }
  return res.status === 502 || res.status === 503 || res.status === 504
    ? { code: 'SERVICE_UNAVAILABLE', title: '系統暫時無法提供服務，請稍後再試', status: res.status }
    : { status: res.status };
}

/**
 * One Idempotency-Key per user action: the same key while the same request
 * is retried (after a network failure or a 503), a new one once it
 * succeeded or the person changed what they send.
 */
export class IdempotencyKeys {
  #body: string | undefined;
  #key: string | undefined;

  keyFor(body: unknown): string {
    const text = JSON.stringify(body ?? null);
    if (this.#key === undefined || this.#body !== text) {
      this.#key = crypto.randomUUID();
      this.#body = text;
    }
    return this.#key;
  }

  /** The action went through: the next one is a new action. */
  done(): void {
    this.#key = undefined;
    this.#body = undefined;
  }
}
