import { expect } from 'chai';
import { hostPort, TcpProxy, testUris, withPort } from '@webitr/testkit';
import { parseChargeKey } from '../../src/domain/balance.ts';
import { execute as reconcileBalances } from '../../src/usecases/reconcile-balances/index.ts';
import { eventually, expectProblem, LeaveHarness, person } from '../harness.ts';
import type { ApiResponse, FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/**
 * The leave service with its store (FerretDB) and Redis each behind a TCP
 * proxy the test stops: a dependency that is down is a retryable 503 with
 * Retry-After, and service resumes when it is back; a reservation whose form
 * could not be written (nor the reservation given back) is released by the
 * service's own reconciliation.
 */
describe('leave with its store or Redis down (integration)', function () {
  this.timeout(90_000);
  const h = new LeaveHarness('outage');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const store = new TcpProxy(hostPort(testUris().mongodb, 27017));
  const redis = new TcpProxy(hostPort(testUris().redis, 6379));
  let day = new Date(Date.UTC(2024, 8, 1));
  /** A one-day 休假 on a working day of its own (from 113-09-02 on), so that the requests never overlap. */
  const annual = () => {
    do day = new Date(day.getTime() + 86_400_000);
    while ([0, 6].includes(day.getUTCDay()));
    const date = `113-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
    return { leaveType: 'annual', start: `${date} 08:00`, end: `${date} 17:15`, reason: '家中有事' };
  };
  const submit = () => h.as<Items<FormBody>>(su, 'POST', '/forms/leave', annual());
  const expectRetryable = (res: ApiResponse, code: string) => {
    expectProblem(res, 503, code);
    expect(res.headers.get('retry-after')).to.equal('1');
  };
  const readiness = async () => (await fetch(`${h.http.url}/readyz`)).json() as Promise<{ dependencies: { name: string; ok: boolean }[] }>;

  before(async () => {
    await store.start();
    await redis.start();
    await h.start([], {
      MONGODB_URI: withPort(testUris().mongodb, store.port),
      REDIS_URL: withPort(testUris().redis, redis.port),
      // The service's own reconciliation, often enough for a test to watch it (10 min by default).
      RECONCILE_INTERVAL_MS: '300',
    });
    await h.directory.add(su, chan);
    expect((await h.as(su, 'POST', '/deputies', { personId: chan.id })).status).to.equal(201);
  });
  after(async () => {
    await h.stop();
    await store.stop();
    await redis.stop();
  });

  it('store cut → 503 STORE_UNAVAILABLE with Retry-After, for writes and reads; /readyz names mongodb; restored → submissions work again', async () => {
    expect((await submit()).status).to.equal(201);
    await store.stop();
    try {
      expectRetryable(await submit(), 'STORE_UNAVAILABLE');
      expectRetryable(await h.as(su, 'GET', '/forms'), 'STORE_UNAVAILABLE');
      expect((await readiness()).dependencies.filter((d) => !d.ok).map((d) => d.name)).to.deep.equal(['mongodb']);
    } finally {
      await store.start();
    }
    const again = await eventually(
      async () => {
        const res = await submit();
        return res.status === 201 ? res : undefined;
      },
      'a submission to succeed again',
      20_000,
    );
    expect(again.body.items).to.have.length(1);
  });

  it('Redis cut → 503 with Retry-After (the applicant lock needs it); /readyz names redis; restored → submissions work again', async () => {
    await redis.stop();
    try {
      expectRetryable(await submit(), 'LOCK_UNAVAILABLE');
      expect((await readiness()).dependencies.filter((d) => !d.ok).map((d) => d.name)).to.deep.equal(['redis']);
    } finally {
      await redis.start();
    }
    await eventually(async () => ((await submit()).status === 201 ? true : undefined), 'a submission to succeed again', 20_000);
  });

  it('a reservation left without its form (the insert and its compensation both failed) is released by the reconciliation once 5 minutes old', async () => {
    const reservations = async () => {
      const balances = await h.ctx.models.balances.find({ _id: { $regex: `^${su.id}\\|` } }, { reserved: 1 }).lean();
      return balances.flatMap((b) => Object.keys(b.reserved ?? {}));
    };
    const orphans = async () => {
      const keys = await reservations();
      const forms = new Set((await h.ctx.models.forms.find({}, { _id: 1 }).lean()).map((f) => String(f._id)));
      return keys.filter((k) => !forms.has(parseChargeKey(k).formId));
    };
    // Earlier tests' failed submissions were refused before reserving anything; whatever else there is, is not this test's.
    const earlier = new Set(await orphans());
    const fresh = async () => (await orphans()).filter((k) => !earlier.has(k));

    // The store goes away between the reservation and the form's insert, so the compensation fails too.
    const forms = h.ctx.models.forms;
    const create = forms.create.bind(forms);
    forms.create = (async (...args: Parameters<typeof create>) => {
      forms.create = create;
      await store.stop();
      return create(...args);
    }) as typeof forms.create;
    try {
      expectRetryable(await submit(), 'STORE_UNAVAILABLE');
    } finally {
      forms.create = create;
      await store.start();
    }
    const left = await eventually(
      async () => {
        try {
          const found = await fresh();
          return found.length ? found : undefined;
        } catch {
          return undefined; // the store is coming back
        }
      },
      'the store to answer again',
      20_000,
    );
    expect(left, 'the reservation stayed, without its form').to.have.length(1);

    // The reconciliation leaves a reservation younger than its grace period alone (the form may still be on its way)...
    await reconcileBalances(h.ctx);
    expect(await fresh(), 'within the 5-minute grace period').to.deep.equal(left);
    // ...and the service's scheduled run (every 300 ms here, RECONCILE_INTERVAL_MS) releases it once it is older than that.
    const start = h.now;
    h.now = new Date(start.getTime() + 5 * 60_000 + 1_000);
    try {
      await eventually(
        async () => ((await fresh()).length === 0 ? true : undefined),
        'the scheduled reconciliation to release the reservation',
        20_000,
      );
    } finally {
      h.now = start;
    }
  });
});
