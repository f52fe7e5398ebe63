// Problems (RFC 9457, application/problem+json) as the app handles them:
// one error type the pages show by title, detail and code, with the field
// errors mapped onto form fields.
import { NETWORK_REFUSAL_CODES } from '@webitr/contracts/api/network-refusals';
import type { FieldError, Problem } from '@webitr/contracts/api/problem';

/** Codes of a dependency that is down for a moment: the same request may succeed if sent again. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'SERVICE_UNAVAILABLE',
  'SERVICE_UNREACHABLE',
  'STORE_UNAVAILABLE',
  'CACHE_UNAVAILABLE',
  'SESSION_STORE_UNAVAILABLE',
  'LOCK_UNAVAILABLE',
  'NETWORK_ERROR',
]);

/** The refusals of a network zone (gateway/src/network/policy.ts): the answer is another network, e.g. the SSL-VPN. */
export const NETWORK_CODES: ReadonlySet<string> = new Set(Object.values(NETWORK_REFUSAL_CODES));

/** What the gateway adds to a network refusal. */
export interface NetworkDetails {
  requiredZones?: string[];
  zone?: string;
  address?: string;
}

export type ProblemBody = Partial<Problem> & NetworkDetails;

/** A non-2xx answer (or no answer at all: status 0, NETWORK_ERROR) as the pages show it. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  readonly errorId: string | undefined;
  readonly network: NetworkDetails;

  constructor(status: number, body: ProblemBody) {
    super(body.title ?? '系統發生錯誤');
    this.name = 'ProblemError';
    this.status = status;
    this.code = body.code ?? (status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN_PROBLEM');
    this.title = body.title ?? '系統發生錯誤，請稍後再試';
    this.detail = body.detail;
    this.errors = body.errors ?? [];
    this.errorId = body.errorId;
    this.network = {
      ...(body.requiredZones ? { requiredZones: body.requiredZones } : {}),
      ...(body.zone ? { zone: body.zone } : {}),
      ...(body.address ? { address: body.address } : {}),
    };
  }

  /** Worth sending again: the network or a dependency was down (any 503 — the services answer a dependency that is down so, with Retry-After — or a retryable code). */
  get retryable(): boolean {
    return this.status === 503 || RETRYABLE_CODES.has(this.code);
  }

  get unauthenticated(): boolean {
    return this.status === 401;
  }
}

/** The request never got an answer (offline, DNS, the gateway down). */
export const networkError = (): ProblemError =>
  new ProblemError(0, {
    code: 'NETWORK_ERROR',
    title: '無法連線至差勤系統',
    detail: '請檢查網路連線後再試一次。',
  });

export const isProblem = (error: unknown): error is ProblemError => error instanceof ProblemError;

/** `body.deputy.personId` → `deputy.personId`: the API names where a field was (body, query, params); a form names the field only. */
export function formFieldOf(apiField: string): string {
  return apiField.replace(/^(body|query|params)(\.|$)/, '');
}

/**
 * The field errors of a problem as react-hook-form's setError wants them,
 * for the fields the form has; the rest (and a problem without field
 * errors) stay for the message at the top of the form.
 */
export function fieldErrorsFor<F extends string>(
  problem: ProblemError,
  formFields: readonly F[],
): { fields: { name: F; message: string }[]; unplaced: FieldError[] } {
  const known = new Set<string>(formFields);
  const fields: { name: F; message: string }[] = [];
  const unplaced: FieldError[] = [];
  for (const error of problem.errors) {
    const name = formFieldOf(error.field);
    if (known.has(name) && !fields.some((f) => f.name === name)) fields.push({ name: name as F, message: error.message });
    else unplaced.push(error);
  }
  return { fields, unplaced };
}
