import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Problem } from '@webitr/contracts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** True once `close` has been called: no new request is taken. */
  readonly draining: boolean;
  /**
   * Drain: stop listening, close idle keep-alive connections at once, answer
   * what is in flight with `Connection: close` and let it finish, refuse (503)
   * any further request on a connection still open; cut what is left after `timeoutMs`.
   */
  close(timeoutMs: number): Promise<void>;
}

/** How long one request may take to arrive whole (its body streamed): a card file of a million lines on a slow link. */
export const REQUEST_TIMEOUT_MS = 30 * 60_000;

/** Seconds a client should wait before trying again: the process is going away, another (or its restart) will answer. */
const RETRY_AFTER_SECONDS = 1;

const shuttingDown: Problem = {
  type: 'urn:webitr:problem:service-shutting-down',
  title: '系統暫時無法提供服務，請稍後再試',
  status: 503,
  code: 'SERVICE_SHUTTING_DOWN',
  detail: '服務正在關閉，此次請求未處理，請稍後再試。',
};

/**
 * How long the HTTP drain may take out of the whole shutdown bound: most of it,
 * so that requests in flight finish with their real answer; the rest is for
 * stopping consumers, flushing the outbox and closing connections.
 */
export function httpDrainMs(shutdownTimeoutMs: number): number {
  return Math.round(shutdownTimeoutMs * 0.75);
}

export async function listen(handler: RequestListener, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      // A request that arrived on a keep-alive connection after shutdown began: refused in so many words, never taken and then cut.
      const body = JSON.stringify(shuttingDown);
      res.writeHead(503, {
        'content-type': PROBLEM_CONTENT_TYPE,
        'content-length': Buffer.byteLength(body),
        'retry-after': String(RETRY_AFTER_SECONDS),
        connection: 'close',
      });
      res.end(body);
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) {
        // The answer is out: its keep-alive connection is idle now and goes too.
        server.closeIdleConnections();
        if (inFlight.size === 0) drained?.();
      }
    });
    handler(req, res);
  });
  // Behind a load balancer keep-alive must outlive the balancer's idle timeout.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A whole request, body included, may take this long. Node's default (5 min) answered a
  // large card-machine file still streaming in with an empty 408 (bench:ingest's million
  // lines on a loaded machine); a slow header is still cut at headersTimeout.
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    get draining() {
      return draining;
    },
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        draining = true;
        // Answers still to be written tell the client not to reuse the connection.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        const allDone = new Promise<void>((done) => {
          drained = done;
          if (inFlight.size === 0) done();
        });
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Keep-alive sockets with no request in flight would hold close() open.
        server.closeIdleConnections();
        void Promise.all([allDone, closed]).then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
