import { expect } from 'chai';
import { Schema } from 'mongoose';
import { z } from 'zod';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testServiceConfig, testUris, withPort } from '@webitr/testkit';
import { baseConfigShape, loadConfig } from '../../src/config.ts';
import { databaseName } from '../../src/mongo.ts';
import { ServiceRuntime } from '../../src/runtime.ts';
import { AssertionSigner, ASSERTION_HEADER } from '../../src/auth/assertion.ts';
import { identityOf } from '../../src/auth/middleware.ts';
import { testAssertionKeys } from '@webitr/testkit';
import { logger } from '../helpers.ts';

interface Readiness {
  status: string;
  dependencies: { name: string; ok: boolean; error?: string }[];
}

describe('service runtime: /readyz and graceful shutdown (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('runtime');
  // Every dependency through its own proxy, so the test can stop one for this process only.
  let proxies: Record<'mongodb' | 'rabbitmq' | 'redis', TcpProxy>;
  let runtime: ServiceRuntime;
  let url: string;
  let signer: AssertionSigner;

  before(async () => {
    proxies = {
      mongodb: new TcpProxy(hostPort(testUris().mongodb, 27017)),
      rabbitmq: new TcpProxy(hostPort(testUris().amqp, 5672)),
      redis: new TcpProxy(hostPort(testUris().redis, 6379)),
    };
    for (const proxy of Object.values(proxies)) await proxy.start();
    const config = loadConfig(
      z.object(baseConfigShape),
      await testServiceConfig(namespace, {
        MONGODB_URI: withPort(testUris().mongodb, proxies.mongodb.port),
        AMQP_URL: withPort(testUris().amqp, proxies.rabbitmq.port),
        REDIS_URL: withPort(testUris().redis, proxies.redis.port),
        PORT: '0',
      }),
    );
    runtime = await ServiceRuntime.start('runtime-test', config, logger);
    // A write to the store and a Redis command, with no error handling of their own: what the platform makes of their failures.
    const Notes = runtime.mongo.model('Note', new Schema({ text: String }));
    url = (
      await runtime.serve({
        routes: (app) => {
          app.get('/whoami', (_req, res) => void res.json(identityOf(res)));
          app.post('/notes', async (_req, res) => void res.status(201).json({ id: String((await Notes.create({ text: 'x' }))._id) }));
          app.post('/counter', async (_req, res) => void res.json({ value: await runtime.redis.incr('counter') }));
        },
      })
    ).url;
    signer = new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk);
  });

  after(async () => {
    await runtime.lifecycle.shutdown('test over');
    for (const proxy of Object.values(proxies)) await proxy.stop();
    await cleanupNamespace({ namespace, databases: [databaseName('runtime-test', namespace)] });
  });

  async function readiness(): Promise<{ status: number; body: Readiness }> {
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as Readiness };
  }

  async function readyWithin(ms: number): Promise<{ status: number; body: Readiness }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const answer = await readiness();
      if (answer.status === 200 || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('is ready when MongoDB, RabbitMQ and Redis all answer', async () => {
    const { status, body } = await readyWithin(10_000);
    expect(status).to.equal(200);
    expect(body.dependencies.map((d) => [d.name, d.ok])).to.deep.equal([
      ['mongodb', true],
      ['rabbitmq', true],
      ['redis', true],
    ]);
  });

  for (const name of ['mongodb', 'rabbitmq', 'redis'] as const) {
    it(`answers 503 naming ${name} while it is down, and 200 again when it is back`, async () => {
      await proxies[name].stop();
      const down = await readiness();
      expect(down.status).to.equal(503);
      expect(down.body.status).to.equal('not-ready');
      const failing = down.body.dependencies.filter((d) => !d.ok).map((d) => d.name);
      expect(failing).to.deep.equal([name]);
      await proxies[name].start();
      expect((await readyWithin(20_000)).status).to.equal(200);
    });
  }

  describe('a dependency that is down: 503 with a retryable code and Retry-After, then service again', () => {
    const post = async (path: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          [ASSERTION_HEADER]: await signer.sign(
            { kind: 'person', sub: 'P001', agencyId: 'A1', roles: [], zone: 'intranet' },
            'runtime-test',
          ),
        },
      });
    const cases = [
      { name: 'mongodb', path: '/notes', code: 'STORE_UNAVAILABLE', ok: 201 },
      { name: 'redis', path: '/counter', code: 'CACHE_UNAVAILABLE', ok: 200 },
    ] as const;
    for (const { name, path, code, ok } of cases) {
      it(`${name} cut → 503 ${code}; restored → ${ok}`, async () => {
        const serving = async () => ((await post(path)).status === ok ? true : undefined);
        await eventually(serving, `${path} to answer ${ok}`, 20_000); // an earlier test may have just restored it
        await proxies[name].stop();
        try {
          for (let i = 0; i < 3; i++) {
            const res = await post(path);
            const problem = (await res.json()) as { code: string; status: number; title: string };
            expect(res.status, JSON.stringify(problem)).to.equal(503);
            expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
            expect(res.headers.get('retry-after')).to.equal('1');
            expect(problem.code).to.equal(code);
            expect(problem.title).to.match(/[\u4e00-\u9fff]/);
          }
          const ready = await readiness();
          expect(ready.body.dependencies.filter((d) => !d.ok).map((d) => d.name)).to.deep.equal([name]);
        } finally {
          await proxies[name].start();
        }
        // The client reconnects by itself; nothing queued while it was down is replayed.
        await eventually(serving, `${path} to answer ${ok} again`, 20_000);
      });
    }
  });

  it('serves its OpenAPI document with the health operations', async () => {
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.paths).to.have.keys(['/healthz', '/readyz']);
  });

  it("refuses a call without the gateway's assertion, and a spoofed identity header changes nothing", async () => {
    const res = await fetch(`${url}/whoami`, { headers: { 'x-user-id': 'P001', 'x-forwarded-user': 'admin' } });
    expect(res.status).to.equal(401);
    expect(((await res.json()) as { code: string }).code).to.equal('ASSERTION_MISSING');
  });

  it('serves a call carrying a valid assertion, with the asserted identity', async () => {
    const token = await new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk).sign(
      { kind: 'person', sub: 'P001', agencyId: 'A1', roles: [], zone: 'intranet' },
      'runtime-test',
    );
    const res = await fetch(`${url}/whoami`, { headers: { [ASSERTION_HEADER]: token } });
    expect(res.status).to.equal(200);
    expect(((await res.json()) as { sub: string }).sub).to.equal('P001');
  });

  it('answers /healthz while a dependency is down (alive is not ready)', async () => {
    await proxies.redis.stop();
    const res = await fetch(`${url}/healthz`);
    await proxies.redis.start();
    expect(res.status).to.equal(200);
  });
});
