import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Request, Response } from 'express';
import type { ServiceName } from '@webitr/contracts';
import {
  ASSERTION_HEADER,
  CORRELATION_ID_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  injectTraceContext,
  PUBLIC_PATH_HEADER,
  REQUEST_ID_HEADER,
  sendProblem,
} from '@webitr/platform';
import type { Logger } from '@webitr/platform';

/** What the guard has decided for one request, and all the hop takes from it. */
export interface Forward {
  /** Who is calling (the session's assertion for this service, reused while fresh; a machine's, per call). */
  assertion: string;
  /** The request's and correlation ids, the gateway's own: sent as headers. */
  rid: string;
  cid: string;
  /** The path and query the service gets: exactly the canonical path the gateway decided on, without the prefix. */
  url: string;
  /** The operation is a create the service deduplicates by `Idempotency-Key` (its table says so). */
  idempotent: boolean;
  /** A machine's call (`device` operations): its `Authorization` (the device key) goes on to the service, which checks it. */
  device?: boolean;
}

/** Sends one admitted request on to its service and its answer back. */
export type Hop = (req: Request, res: Response, forward: Forward) => void;

/**
 * The only request headers of a client's that reach a service (an
 * allow-list): what describes the body (type, length, encoding, and its
 * framing: a body sent chunked stays chunked, node frames what is piped
 * through by `transfer-encoding`), content negotiation, conditional requests
 * (Express answers a matching `if-none-match` with 304), and the client's
 * `Idempotency-Key` (the platform's replay of keyed writes). Nothing else:
 * a service learns who is asking from the gateway's assertion alone, and
 * the ids and the host are the gateway's (set below). So cookies,
 * authorization, the CSRF token, forwarding headers, a client's own
 * `x-webitr-assertion` or ids, connection headers, and any header a client
 * makes up (`x-forwarded-user`, `x-webitr-person`) stay at the door.
 */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'accept',
  'accept-language',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  IDEMPOTENCY_KEY_HEADER,
];

/** Headers of one connection, not of the message (RFC 9110 §7.6.1); the framing (transfer-encoding) is node's to choose on each side. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, maxFreeSockets: 256, keepAliveMsecs: 10_000, scheduling: 'lifo' } as const;
const PROXY_TIMEOUT_MS = 30_000;
/** A request body larger than this is not kept for a second attempt (JSON forms are far smaller; large uploads are not retried). */
const RETRY_BODY_LIMIT = 1024 * 1024;

/**
 * The hops to the services, on node:http with keep-alive agents shared by
 * all of them: the path the guard decided on under the service's URL; the
 * allowed request headers with the service's host and the gateway's
 * assertion and ids; the body streamed through untouched; the answer
 * streamed back without cookies. In place of http-proxy-middleware, whose
 * general-purpose machinery (options per request, a chain of header passes,
 * debug logging) cost more per request than the hop.
 */
export class ServiceHops {
  readonly #agents = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Close the kept-alive connections (at shutdown). */
  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  /** The hop to one service at `targetUrl`. */
  to(service: ServiceName, targetUrl: string): Hop {
    const logger = this.#logger;
    const target = new URL(targetUrl);
    const https = target.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const agent = https ? this.#agents.https : this.#agents.http;
    const base = target.pathname.replace(/\/$/, '');
    const host = target.host;
    const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = target.port || (https ? 443 : 80);

    const unreachable = (err: Error, req: Request, res: Response) => {
      logger.warn({ err: err.message, service, url: req.originalUrl }, 'service unreachable');
      if (res.headersSent) return void res.destroy();
      sendProblem(res, {
        type: 'urn:webitr:problem:service-unreachable',
        title: '系統暫時無法提供服務，請稍後再試',
        status: 502,
        code: 'SERVICE_UNREACHABLE',
        detail: `${service} 服務暫時無法連線。`,
      });
    };

    return (req, res, forward) => {
      const incoming = req.headers;
      const headers: OutgoingHttpHeaders = { host };
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = incoming[name];
        if (value !== undefined) headers[name] = value;
      }
      // Only a machine's own credential, only to an operation marked `device`: a person's call never carries one on.
      if (forward.device && incoming.authorization !== undefined) headers.authorization = incoming.authorization;
      headers[ASSERTION_HEADER] = forward.assertion;
      // The gateway's ids, never a client's (the allow-list above keeps a client's out; these are set, not copied):
      // the assertion is the session's, reused across requests, so the service logs under these.
      headers[REQUEST_ID_HEADER] = forward.rid;
      headers[CORRELATION_ID_HEADER] = forward.cid;
      // The URL the client called, for the `instance` of the service's problems (whatever a client sent under this name is replaced).
      headers[PUBLIC_PATH_HEADER] = req.originalUrl;
      // The trace this request started at the door goes on to the service (W3C traceparent); a client's never reaches it (allow-list).
      injectTraceContext(headers);
      const path = base + forward.url;
      const hasBody = !(req.readableEnded || (incoming['content-length'] === undefined && incoming['transfer-encoding'] === undefined));
      // Sending again is safe for a read, and for a keyed write the service deduplicates (it answers a repeat with the first result).
      const retryable =
        req.method === 'GET' || req.method === 'HEAD' || (forward.idempotent && incoming[IDEMPOTENCY_KEY_HEADER] !== undefined);
      let kept: Buffer[] | undefined;
      if (retryable && hasBody) {
        kept = [];
        let bytes = 0;
        req.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > RETRY_BODY_LIMIT) kept = undefined;
          else kept?.push(chunk);
        });
      }
      let answered = false;
      let upstream: ClientRequest;

      const attempt = (again: boolean) => {
        const call = send({ hostname, port, method: req.method, path, headers, agent, timeout: PROXY_TIMEOUT_MS });
        upstream = call;
        call.on('response', (answer: IncomingMessage) => {
          answered = true;
          const out: OutgoingHttpHeaders = {};
          const received = answer.headers;
          for (const name in received) {
            // Services never set cookies on the gateway's origin.
            if (name !== 'set-cookie' && !HOP_BY_HOP.includes(name)) out[name] = received[name];
          }
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
          answer.on('error', () => res.destroy());
        });
        call.on('timeout', () => call.destroy(new Error(`no answer within ${PROXY_TIMEOUT_MS / 1000} s`)));
        call.on('error', (err: NodeJS.ErrnoException) => {
          // Mid-answer, or the client has gone: nothing to say to anyone.
          if (answered || res.destroyed || res.writableEnded) return void res.destroy();
          // A kept-alive connection the service closed (a restart, a drain) just as this request went out on it: once more on a new one, when that is safe.
          if (!again && retryable && call.reusedSocket && err.code === 'ECONNRESET' && (!hasBody || kept)) {
            logger.info(
              { service, url: req.originalUrl },
              'connection to the service reset before any answer; sending the request again on a new one',
            );
            if (!hasBody || req.readableEnded) return attempt(true);
            req.once('end', () => (kept ? attempt(true) : unreachable(err, req, res)));
            // The pipe to the failed call has let go of the body: read the rest into `kept`.
            return void req.resume();
          }
          unreachable(err, req, res);
        });
        if (!hasBody) call.end();
        else if (again) call.end(Buffer.concat(kept!));
        else req.pipe(call);
      };

      // The client went away first: so does the call to the service.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      attempt(false);
    };
  }
}
