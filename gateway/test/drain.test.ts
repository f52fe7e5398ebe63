import { Agent, createServer, request as httpRequest } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { problemCode, signedIn } from './support/flows.ts';
import { startWorld } from './support/world.ts';

interface Seen {
  method: string;
  path: string;
  body: string;
  idempotencyKey?: string;
  /** Cut without an answer: the connection was one the service had done with. */
  reset: boolean;
}

/**
 * A service that may cut a kept-alive connection when the next request
 * arrives on it — what the gateway meets when a service closes its idle
 * connections (a drain, a restart) just as a request goes out on one — or
 * hold a request until released.
 */
async function startService() {
  const seen: Seen[] = [];
  const served = new WeakSet<Socket>();
  let hold: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let arrived: (() => void) | undefined;
  const state = { resetReused: false };
  const server: Server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const reused = served.has(req.socket);
      served.add(req.socket);
      const entry: Seen = {
        method: req.method!,
        path: req.url!,
        body: Buffer.concat(chunks).toString('utf8'),
        reset: reused && state.resetReused,
        ...(req.headers['idempotency-key'] ? { idempotencyKey: String(req.headers['idempotency-key']) } : {}),
      };
      seen.push(entry);
      if (entry.reset) return void req.socket.destroy();
      arrived?.();
      if (hold) await hold;
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ n: seen.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    state,
    /** The next request is held until `release`; resolves when it has arrived. */
    holdNext(): Promise<void> {
      hold = new Promise((resolve) => (release = resolve));
      return new Promise((resolve) => (arrived = resolve));
    },
    release: () => {
      hold = undefined;
      release?.();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the hop to a service across drains and restarts', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let service: Awaited<ReturnType<typeof startService>>;
  let url: string;

  before(async () => {
    service = await startService();
    world = await startWorld({ services: { LEAVE_URL: service.url } });
    url = world.gateway.url;
  });

  after(async () => {
    await world.close();
    await service.close();
  });

  /** A first request leaves a kept-alive connection to the service in the gateway's pool; then the service cuts the next on it. */
  async function withStaleConnection() {
    const signed = await signedIn(url, 'teacher');
    service.state.resetReused = false;
    expect((await signed.browser.request(`${url}/api/leave/home/counts`)).status).to.equal(200);
    service.state.resetReused = true;
    return signed;
  }

  afterEach(() => {
    service.state.resetReused = false;
  });

  it('sends a write carrying an Idempotency-Key again on a new connection when the kept-alive one is cut before any answer', async () => {
    const { browser, me } = await withStaleConnection();
    const before = service.seen.length;
    const body = { leaveType: 'abroad', location: '日本東京' };
    const answer = await browser.request(`${url}/api/leave/forms/leave`, {
      method: 'POST',
      json: body,
      headers: { 'x-csrf-token': me.csrfToken, 'idempotency-key': 'form-0001-retry' },
    });
    expect(answer.status, answer.body).to.equal(201);
    const attempts = service.seen.slice(before);
    expect(attempts.map((a) => a.reset)).to.deep.equal([true, false]);
    // The key reaches the service, and the second attempt is the same request.
    for (const a of attempts)
      expect(a).to.deep.include({ method: 'POST', path: '/forms/leave', body: JSON.stringify(body), idempotencyKey: 'form-0001-retry' });
  });

  it('sends a read again the same way', async () => {
    const { browser } = await withStaleConnection();
    const before = service.seen.length;
    expect((await browser.request(`${url}/api/leave/forms`)).status).to.equal(200);
    expect(service.seen.slice(before).map((a) => a.reset)).to.deep.equal([true, false]);
  });

  it('never sends a write without a key twice: 502 SERVICE_UNREACHABLE', async () => {
    const { browser, me } = await withStaleConnection();
    const before = service.seen.length;
    const answer = await browser.request(`${url}/api/leave/forms/leave`, {
      method: 'POST',
      json: { leaveType: 'abroad' },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(answer.status).to.equal(502);
    expect(problemCode(answer)).to.equal('SERVICE_UNREACHABLE');
    expect(service.seen.slice(before).map((a) => a.reset)).to.deep.equal([true]);
  });

  it('never sends a keyed write twice where the service does not deduplicate by key (an operation its table does not mark idempotent)', async () => {
    const { browser, me } = await withStaleConnection();
    const before = service.seen.length;
    const answer = await browser.request(`${url}/api/leave/forms/f-1/withdraw`, {
      method: 'POST',
      json: {},
      headers: { 'x-csrf-token': me.csrfToken, 'idempotency-key': 'withdraw-0001-retry' },
    });
    expect(answer.status).to.equal(502);
    expect(problemCode(answer)).to.equal('SERVICE_UNREACHABLE');
    expect(service.seen.slice(before).map((a) => a.reset)).to.deep.equal([true]);
  });

  it('answers a request in flight when the gateway shuts down with the service’s real answer, and Connection: close', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const arrived = service.holdNext();
    // A client that keeps its connection alive, as browsers do.
    const agent = new Agent({ keepAlive: true });
    const cookie = await browser.jar.getCookieString(url, { http: true });
    const inFlight = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      const target = new URL(`${url}/api/leave/records`);
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          agent,
          localAddress: browser.localAddress,
          headers: { ...browser.headers, cookie, accept: 'application/json' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    await arrived;
    const closing = world.gateway.runtime.lifecycle.shutdown('test: drain');
    service.release();
    const answer = await inFlight;
    agent.destroy();
    expect(answer.status, answer.body).to.equal(200);
    expect(JSON.parse(answer.body)).to.have.property('n');
    // The browser is told not to send anything more on this connection.
    expect(answer.connection).to.equal('close');
    await closing;
  });
});
