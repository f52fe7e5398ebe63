import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line and every published event needs to know about the work
 * in progress: the request (or event) being handled and the chain it belongs to.
 */
export interface WorkContext {
  requestId: string;
  correlationId: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export const currentContext = (): WorkContext | undefined => storage.getStore();

export function runInContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}
