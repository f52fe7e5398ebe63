import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { createHttpApp } from './app.ts';
import { mountOperation } from './operations.ts';
import { createRouter } from './paths.ts';
import { listen } from './server.ts';
import type { RunningServer } from './server.ts';

describe('HTTP app', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  let dependencyUp = true;

  before(async () => {
    const destination = new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) });
    const logger = createLogger({ service: 'test', destination });
    const app = createHttpApp({
      service: 'test',
      logger,
      readiness: [
        { name: 'mongodb', check: async () => undefined },
        {
          name: 'redis',
          check: async () => {
            if (!dependencyUp) throw new Error('connection refused');
          },
        },
      ],
      routes: (app) => {
        const router = createRouter();
        mountOperation(
          router,
          {
            operationId: 'createThing',
            method: 'post',
            path: '/things/:id',
            access: 'app',
            summary: 'test',
            params: z.object({ id: z.string().regex(/^\d+$/) }),
            body: z.object({ location: z.string().max(20).meta({ title: '地點' }) }),
            response: { status: 201, description: 'created' },
          },
          ({ params, body }) => ({ id: params.id, location: body.location }),
        );
        router.get('/conflict', () => {
          throw new ConflictError({ code: 'LEAVE_OVERLAP', detail: '與已申請的差假時間重疊' });
        });
        router.get('/forbidden', () => {
          throw new ForbiddenError({ code: 'NOT_IN_AGENCY' });
        });
        router.get('/unauthenticated', () => {
          throw new UnauthenticatedError();
        });
        router.get('/missing', async () => {
          throw new NotFoundError();
        });
        router.get('/boom', () => {
          throw new Error('database password is hunter2');
        });
        app.use(router);
      },
    });
    server = await listen(app, 0);
  });

  after(() => server.close(1_000));

  const call = (path: string, init?: RequestInit) => fetch(server.url + path, init);
  const post = (path: string, body: string) => call(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  it('answers /healthz', async () => {
    const res = await call('/healthz');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'alive', service: 'test' });
  });

  it('answers /readyz 200 when every dependency answers, 503 naming the one that does not', async () => {
    let res = await call('/readyz');
    expect(res.status).to.equal(200);
    dependencyUp = false;
    res = await call('/readyz');
    dependencyUp = true;
    expect(res.status).to.equal(503);
    const body = (await res.json()) as { status: string; dependencies: { name: string; ok: boolean; error?: string }[] };
    expect(body.status).to.equal('not-ready');
    expect(body.dependencies).to.deep.include({ name: 'redis', ok: false, error: 'connection refused' });
    expect(body.dependencies).to.deep.include({ name: 'mongodb', ok: true });
  });

  it('validates input and answers with the declared status', async () => {
    const res = await post('/things/42', JSON.stringify({ location: '高雄市政府' }));
    expect(res.status).to.equal(201);
    expect(await res.json()).to.deep.equal({ id: '42', location: '高雄市政府' });
  });

  it('answers a validation failure as problem+json naming every field', async () => {
    const res = await post('/things/abc', JSON.stringify({ location: 'x'.repeat(21) }));
    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const problem = (await res.json()) as { code: string; title: string; errors: { field: string; label?: string }[] };
    expect(problem.code).to.equal('VALIDATION_FAILED');
    expect(problem.title).to.equal('輸入資料有誤');
    expect(problem.errors.map((e) => e.field)).to.deep.equal(['params.id']);
  });

  it('names the body field with its zh-TW label', async () => {
    const res = await post('/things/1', JSON.stringify({ location: 'x'.repeat(21) }));
    const problem = (await res.json()) as { errors: { field: string; label?: string }[]; detail: string };
    expect(problem.errors[0]).to.include({ field: 'body.location', label: '地點' });
    expect(problem.detail).to.match(/^地點：/);
  });

  it('answers malformed JSON with a stable code', async () => {
    const res = await post('/things/1', '{"location":');
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { code: string }).code).to.equal('MALFORMED_JSON');
  });

  it('answers an oversized body with 413', async () => {
    const res = await post('/things/1', JSON.stringify({ location: 'x'.repeat(2_000_000) }));
    expect(res.status).to.equal(413);
    expect(((await res.json()) as { code: string }).code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE, not "body required"', async () => {
    for (const [type, body] of [
      ['text/plain', JSON.stringify({ location: '高雄' })],
      ['application/x-www-form-urlencoded', 'location=%E9%AB%98%E9%9B%84'],
      ['application/xml', '<location>高雄</location>'],
    ] as const) {
      const res = await call('/things/1', { method: 'POST', body, headers: { 'content-type': type } });
      expect(res.status, type).to.equal(415);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code, type).to.equal('UNSUPPORTED_MEDIA_TYPE');
    }
    // No body at all is still "required", and JSON with a charset is JSON.
    const none = await call('/things/1', { method: 'POST' });
    expect([none.status, ((await none.json()) as { code: string }).code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    const charset = await call('/things/1', {
      method: 'POST',
      body: JSON.stringify({ location: '高雄' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).to.equal(201);
  });

  it('refuses a body naming __proto__ or constructor, at any depth, as invalid (it is not the empty body)', async () => {
    for (const body of [
      '{"__proto__":{"location":"x"}}',
      '{"constructor":{"prototype":{}}}',
      '{"location":"x","nested":[{"__proto__":{}}]}',
    ]) {
      const res = await post('/things/1', body);
      expect(res.status, body).to.equal(400);
      const problem = (await res.json()) as { code: string; errors: { field: string; code: string }[] };
      expect(problem.code, body).to.equal('VALIDATION_FAILED');
      expect(
        problem.errors.every((e) => e.code === 'forbidden_key' && /\.(__proto__|constructor)$/.test(e.field)),
        body,
      ).to.equal(true);
    }
    // The same problem whatever the schema would have made of the rest.
    const empty = await post('/things/1', '{}');
    expect(((await empty.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).to.deep.equal(['body.location']);
  });

  for (const [path, status, code] of [
    ['/conflict', 409, 'LEAVE_OVERLAP'],
    ['/forbidden', 403, 'NOT_IN_AGENCY'],
    ['/unauthenticated', 401, 'UNAUTHENTICATED'],
    ['/missing', 404, 'NOT_FOUND'],
    ['/no-such-route', 404, 'ROUTE_NOT_FOUND'],
  ] as const) {
    it(`maps ${path} to ${status} ${code}`, async () => {
      const res = await call(path);
      expect(res.status).to.equal(status);
      const problem = (await res.json()) as { code: string; status: number; title: string };
      expect(problem).to.include({ code, status });
      expect(problem.title).to.match(/[\u4e00-\u9fff]/);
    });
  }

  /** The path exactly as written (fetch would resolve dot segments and %2e first). */
  const raw = (path: string, method = 'GET') =>
    new Promise<{ status: number; code?: string }>((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const req = httpRequest({ hostname, port, path, method, headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { code?: string }).code }));
      });
      req.on('error', reject);
      req.end(method === 'POST' ? JSON.stringify({ location: '高雄' }) : undefined);
    });

  it('matches routes case-sensitively: a case variant of a route is no route (404)', async () => {
    expect(await raw('/things/7', 'POST')).to.deep.equal({ status: 201, code: undefined });
    for (const path of ['/Things/7', '/THINGS/7', '/HEALTHZ'])
      expect(await raw(path, 'POST'), path).to.deep.equal({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  for (const path of [
    '/things/7/',
    '/things//7',
    '/things/./7',
    '/x/../things/7',
    '/things/%37',
    '/%74hings/7',
    '/things%2F7',
    '/things%2f7',
    '/things/%2e',
    '/things\\7',
    '/things/%5C7',
    '/things/%zz',
    '/healthz/',
  ]) {
    it(`refuses ${path} with 400 PATH_NOT_CANONICAL before any route`, async () => {
      expect(await raw(path, 'POST')).to.deep.equal({ status: 400, code: 'PATH_NOT_CANONICAL' });
    });
  }

  it('takes escapes that are needed (non-ASCII, reserved characters) as they are', async () => {
    expect((await raw(`/things/${encodeURIComponent('光華')}`, 'POST')).code).to.equal('VALIDATION_FAILED');
    expect((await raw('/things/a%20b%3Bc%25', 'POST')).code).to.equal('VALIDATION_FAILED');
  });

  it('will not start with a router that matches case-insensitively or loosely (express.Router())', () => {
    const logger = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });
    expect(() => createHttpApp({ service: 'test', logger, readiness: [], routes: (app) => void app.use(express.Router()) })).to.throw(
      /not case-sensitive and strict/,
    );
  });

  it('answers an unknown error with 500 and an error id, never the message or stack; the log has both', async () => {
    const res = await call('/boom');
    expect(res.status).to.equal(500);
    const text = await res.text();
    expect(text).to.not.contain('hunter2').and.not.contain('at ');
    const problem = JSON.parse(text) as { code: string; errorId: string };
    expect(problem.code).to.equal('INTERNAL_ERROR');
    const logged = logLines.find((l) => l.includes(problem.errorId));
    expect(logged).to.contain('hunter2').and.contain('"stack"');
  });

  it('gives every response a request id, keeping a well-formed one from upstream', async () => {
    const fresh = await call('/healthz');
    expect(fresh.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const kept = await call('/healthz', { headers: { 'x-request-id': 'gw-123' } });
    expect(kept.headers.get('x-request-id')).to.equal('gw-123');
    const replaced = await call('/healthz', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('writes one access line per request (ids, method, URL, status, time; no headers), none for health checks', async () => {
    const before = logLines.length;
    await call('/healthz');
    await call('/readyz');
    await call('/missing?x=1', {
      headers: { 'x-request-id': 'gw-log-1', 'x-correlation-id': 'chain-1', cookie: 'sid=s3cret', authorization: 'Bearer t0k' },
    });
    await call('/boom');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = logLines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['module'] === 'http' && l['req']);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.deep.include({
      msg: 'request completed',
      requestId: 'gw-log-1',
      correlationId: 'chain-1',
      req: { id: 'gw-log-1', method: 'GET', url: '/missing?x=1' },
      res: { statusCode: 404 },
    });
    expect(lines[0]!['responseTime']).to.be.a('number');
    expect(lines[1]).to.deep.include({ msg: 'request errored', res: { statusCode: 500 } });
    expect(logLines.slice(before).join('')).to.not.contain('s3cret').and.not.contain('t0k');
  });
});
