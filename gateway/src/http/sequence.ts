import type { RequestHandler } from 'express';

/**
 * Handlers run one after another as one middleware: one router layer (one
 * path match, one prefix trim) where `router.use(path, a, b, c)` makes three.
 * An error (passed on, thrown, or a rejected promise) goes to `next`.
 */
export function sequence(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined || i === handlers.length) return next(err);
      const handler = handlers[i++]!;
      let result: unknown;
      try {
        result = handler(req, res, step);
      } catch (error) {
        return next(error);
      }
      if (result instanceof Promise) result.then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
    };
    step();
  };
}
