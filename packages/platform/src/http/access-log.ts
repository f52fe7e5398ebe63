import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { currentContext } from '../context.ts';
import type { Logger } from '../logger.ts';

export interface AccessLogOptions {
  /** Lines go to this logger at info (the caller's `module: http` child). */
  logger: Logger;
  /** Requests not worth a line (health checks). */
  ignore?: (req: IncomingMessage) => boolean;
  /** More fields for the line, read when the response is done. */
  extra?: (req: IncomingMessage, res: ServerResponse) => Record<string, unknown> | undefined;
}

/**
 * One access log line per request, when the response is done:
 * `{ req: { id, method, url }, res: { statusCode }, responseTime, msg: 'request completed' }`
 * ('request errored' for a 5xx, 'request aborted' when the client went away
 * first), with the request and correlation ids.
 *
 * In place of pino-http, which built two child loggers per request and ran
 * the redaction over every request's headers even when nothing was written:
 * here nothing is allocated unless the line will be written, and the line
 * carries no headers (so no credentials to redact in the first place).
 */
export function accessLog(options: AccessLogOptions): RequestHandler {
  const { logger, ignore, extra } = options;
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info') || ignore?.(req)) return next();
    const start = performance.now();
    const context = currentContext();
    let done = false;
    const line = () => {
      if (done) return;
      done = true;
      const finished = res.writableFinished;
      const statusCode = res.statusCode;
      logger.info(
        {
          ...context,
          req: { id: context?.requestId, method: req.method, url: req.originalUrl },
          res: { statusCode },
          responseTime: Math.round(performance.now() - start),
          ...extra?.(req, res),
        },
        !finished ? 'request aborted' : statusCode >= 500 ? 'request errored' : 'request completed',
      );
    };
    res.once('finish', line);
    res.once('close', line);
    next();
  };
}
