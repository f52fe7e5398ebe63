import { pathToRegexp } from 'path-to-regexp';
import { SERVICE_ROUTES } from '@webitr/contracts';
import type { Access, ServiceName } from '@webitr/contracts';

/** An operation the gateway forwards: its service, full path at the gateway, and the rule of its access mark. */
export interface PublishedOperation {
  service: ServiceName;
  operationId: string;
  method: string;
  /** Path pattern at the gateway: the service's prefix and the operation's path. */
  path: string;
  access: Exclude<Access, 'internal'>;
  /** A create the service deduplicates by `Idempotency-Key`: the only writes the hop may send again. */
  idempotent: boolean;
}

interface Compiled {
  operation: PublishedOperation;
  regexp: RegExp;
}

/**
 * What the gateway forwards, built from the services' route tables in
 * @webitr/contracts: an allow-list. Every operation a service declares with
 * an access mark other than `internal` is published under the service's
 * prefix; anything else (an undeclared path or method, a services-only
 * operation, a case or spelling variant) is no operation at all. Paths match
 * as Express matches them behind the gateway (path-to-regexp, case-sensitive,
 * no optional trailing slash), on the raw, canonical path.
 */
export class OperationTable {
  readonly operations: readonly PublishedOperation[];
  readonly #byMethod = new Map<string, Compiled[]>();

  constructor(prefixes: Readonly<Record<ServiceName, string>>, tables: typeof SERVICE_ROUTES = SERVICE_ROUTES) {
    const operations: PublishedOperation[] = [];
    for (const [service, routes] of Object.entries(tables) as [ServiceName, (typeof SERVICE_ROUTES)[ServiceName]][]) {
      for (const route of Object.values(routes)) {
        if (route.access === 'internal') continue;
        const operation: PublishedOperation = {
          service,
          operationId: route.operationId,
          method: route.method.toUpperCase(),
          path: `${prefixes[service]}${route.path}`,
          access: route.access,
          idempotent: route.idempotent === true,
        };
        operations.push(operation);
        const { regexp } = pathToRegexp(operation.path, { sensitive: true, trailing: false, end: true });
        const list = this.#byMethod.get(operation.method) ?? [];
        list.push({ operation, regexp });
        this.#byMethod.set(operation.method, list);
      }
    }
    this.operations = operations;
  }

  /**
   * The operations a request is for, by method (HEAD is GET's) and path
   * (canonical, query aside); none if it is not published. Every operation
   * that matches is returned, so the strictest rule among them applies
   * whichever the service's router would pick.
   */
  resolve(method: string, path: string): PublishedOperation[] {
    const candidates = this.#byMethod.get(method === 'HEAD' ? 'GET' : method) ?? [];
    const found: PublishedOperation[] = [];
    for (const { operation, regexp } of candidates) if (regexp.test(path)) found.push(operation);
    return found;
  }
}
