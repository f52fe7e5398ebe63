import type { z } from 'zod';
import type { Operation } from './operation.ts';

/**
 * One operation of a service API that other services call: where it is, its
 * zod schemas and the problem codes it may answer. The service mounts its
 * routes from the same table (platform's `mountOperations`) and callers get a
 * typed client from it (`createApiClient`), so the two cannot differ.
 */
export interface ApiOperation extends Operation {
  response: { status: number; schema?: z.ZodType; description: string };
  /** The problem codes (besides validation and availability) a caller may get, e.g. `PERSON_NOT_FOUND`. */
  problems: readonly string[];
}

/** A service API's operation table, checked for its shape where it is declared. */
export const apiTable = <const T extends Record<string, ApiOperation>>(operations: T): T => operations;

/**
 * How a client reaches the service: the platform's ServiceClient (signed
 * service assertion; a problem answer becomes the platform's typed error, an
 * unreachable service its dependency error).
 */
export interface ApiTransport {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

type Defined<T, Key extends string, Value> = T extends z.ZodType ? { [K in Key]: Value } : unknown;

/** What a call takes: path params (strings on the wire; the service validates them), query and body as the schemas accept them. */
export type ApiInput<O extends Operation> = Defined<O['params'], 'params', { [K in keyof z.input<NonNullable<O['params']>>]: string }> &
  Defined<O['query'], 'query', z.input<NonNullable<O['query']>>> &
  Defined<O['body'], 'body', z.input<NonNullable<O['body']>>>;

/** What a call answers: the response, parsed with its schema. */
export type ApiOutput<O extends ApiOperation> = O['response']['schema'] extends z.ZodType ? z.output<O['response']['schema']> : undefined;

/** A typed client of one service API: a method per operation. */
export type ApiClient<T extends Record<string, ApiOperation>> = {
  [K in keyof T]: unknown extends ApiInput<T[K]> ? () => Promise<ApiOutput<T[K]>> : (input: ApiInput<T[K]>) => Promise<ApiOutput<T[K]>>;
};

interface RawInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** `/people/:personId` with `{ personId: 'a/b' }` → `/people/a%2Fb` */
function pathOf(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    // `.` and `..` are left alone by encodeURIComponent and would be resolved away as dot segments (another route):
    // sent encoded, the service refuses them as a non-canonical path instead.
    return value === '.' || value === '..' ? value.replaceAll('.', '%2E') : encodeURIComponent(value);
  });
}

function queryOf(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed client of a service API: params, query and body in, the response
 * parsed with its schema out. Errors are the transport's (typed problems,
 * dependency errors); a response that does not match its schema throws.
 */
export function createApiClient<const T extends Record<string, ApiOperation>>(table: T, transport: ApiTransport): ApiClient<T> {
  const client: Record<string, (input?: RawInput) => Promise<unknown>> = {};
  for (const [name, operation] of Object.entries(table)) {
    client[name] = async (input: RawInput = {}) => {
      const answer = await transport.request(
        operation.method.toUpperCase(),
        pathOf(operation.path, input.params) + queryOf(input.query),
        operation.body ? input.body : undefined,
      );
      return operation.response.schema ? operation.response.schema.parse(answer) : undefined;
    };
  }
  return client as ApiClient<T>;
}
