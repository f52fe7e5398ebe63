import { expect } from 'chai';
import { eventually, expectProblem, LeaveHarness, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/**
 * The filing gate (usecases/shared/filing-gate.ts): with one filing at a time
 * and none waiting, a second filing while the first is in progress is refused
 * at once — 503 LEAVE_BUSY, retryable, nothing stored — instead of queueing
 * behind it; once the first is done the same filing goes through.
 */
describe('leave: the filing gate refuses at once beyond its bound (503 LEAVE_BUSY)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('filing-gate');
  const ann = person('安家豪');
  const bai = person('白秀英');
  const chu = person('朱建國');

  const annual = (start: string, end: string) => ({ leaveType: 'annual', start, end, reason: '家中有事' });

  before(async () => {
    await h.start([], { FILING_CONCURRENCY: '1', FILING_WAITING: '0' });
    await h.directory.add(ann, bai, chu);
    for (const who of [ann, bai]) expect((await h.as(who, 'POST', '/deputies', { personId: chu.id })).status).to.equal(201);
  });
  after(() => h.stop());

  it('refuses a second filing while one is in progress, stores nothing for it, and takes it afterwards', async () => {
    // ann's filing takes the only turn and waits there for ann's lock, held here.
    const lock = `leave:lock:person:${ann.id}`;
    await h.ctx.redis.set(lock, 'held-by-the-test', 'PX', 10_000);
    const first = h.as<Items<FormBody>>(ann, 'POST', '/forms/leave', annual('113-10-07 08:00', '113-10-07 12:00'));
    try {
      await eventually(async () => (h.ctx.filings.inProgress === 1 ? true : undefined), "ann's filing in progress");
      const refused = await h.as(bai, 'POST', '/forms/leave', annual('113-10-07 08:00', '113-10-07 12:00'));
      expectProblem(refused, 503, 'LEAVE_BUSY');
      expect(refused.headers.get('retry-after')).to.equal('1');
      expect(await h.ctx.models.forms.countDocuments({ applicantId: bai.id })).to.equal(0);
    } finally {
      await h.ctx.redis.del(lock);
    }
    expect((await first).status).to.equal(201);
    const again = await h.as<Items<FormBody>>(bai, 'POST', '/forms/leave', annual('113-10-07 08:00', '113-10-07 12:00'));
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
  });
});
