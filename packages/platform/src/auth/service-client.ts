import { randomUUID } from 'node:crypto';
import type { ApiTransport, Problem } from '@webitr/contracts';
import { currentContext } from '../context.ts';
import { AppError, ConflictError, ForbiddenError, InputError, NotFoundError, UnauthenticatedError, UnavailableError } from '../errors.ts';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from '../http/request-context.ts';
import { ASSERTION_HEADER } from './assertion.ts';
import type { AssertionSigner } from './assertion.ts';
import { traceCarrier } from '../telemetry/tracing.ts';

/**
 * HTTP client for one service calling another: signs the service's assertion
 * for each call, with the request and correlation ids of the work in
 * progress (the other service logs under those; the headers repeat them for
 * lines written before the assertion is checked), and turns the other
 * service's problem responses back into typed errors. Services call each
 * other through typed clients built on it from the API tables in
 * `@webitr/contracts` (`createApiClient(directoryInternalApi, client)`).
 */
export class ServiceClient implements ApiTransport {
  readonly #baseUrl: string;
  readonly #audience: string;
  readonly #signer: AssertionSigner;
  readonly #timeoutMs: number;

  constructor(options: { baseUrl: string; audience: string; signer: AssertionSigner; timeoutMs?: number }) {
    this.#baseUrl = options.baseUrl.replace(/\/$/, '');
    this.#audience = options.audience;
    this.#signer = options.signer;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const context = currentContext();
    const rid = context?.requestId ?? randomUUID();
    const cid = context?.correlationId ?? rid;
    const token = await this.#signer.sign({ kind: 'service', sub: `service:${this.#signer.issuer}`, rid, cid }, this.#audience);
    let res: Response;
    try {
      res = await fetch(this.#baseUrl + path, {
        method,
        headers: {
          [ASSERTION_HEADER]: token,
          [REQUEST_ID_HEADER]: rid,
          [CORRELATION_ID_HEADER]: cid,
          ...traceCarrier(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new UnavailableError({ code: 'DEPENDENCY_UNREACHABLE', detail: `無法連線至 ${this.#audience} 服務`, cause });
    }
    if (res.status === 204) return undefined;
    if (!res.ok) throw await problemToError(res, this.#audience);
    try {
      return await res.json();
    } catch (cause) {
      // The body cut off or timed out half-way: the service is as unreachable as if it had not answered.
      throw new UnavailableError({ code: 'DEPENDENCY_UNREACHABLE', detail: `無法連線至 ${this.#audience} 服務`, cause });
    }
  }
}

async function problemToError(res: Response, service: string): Promise<AppError> {
  const problem = (await res.json().catch(() => undefined)) as Problem | undefined;
  const options = { code: problem?.code, title: problem?.title, detail: problem?.detail };
  switch (res.status) {
    case 400:
      return new InputError({ ...options, fields: problem?.errors ?? [] });
    case 401:
      return new UnauthenticatedError(options);
    case 403:
      return new ForbiddenError(options);
    case 404:
      return new NotFoundError(options);
    case 409:
      return new ConflictError(options);
    default:
      return new UnavailableError({
        code: 'DEPENDENCY_FAILED',
        detail: `${service} 服務回應 ${res.status}${problem?.code ? ` (${problem.code})` : ''}`,
      });
  }
}
