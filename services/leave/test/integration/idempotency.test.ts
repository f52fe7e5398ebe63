import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectProblem, LeaveHarness, person } from '../harness.ts';
import type { ApiResponse, FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/** 出國或赴大陸: a declaration, so no overlap check stands in the way of a second copy. */
const abroad = (start: string, end: string, location = '日本東京') => ({ leaveType: 'abroad', start, end, location, reason: '旅遊' });

describe('Idempotency-Key on creates (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('idempotency');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const lin = person('林志明');

  const submit = (who: typeof su, body: unknown, key: string): Promise<ApiResponse<Items<FormBody>>> =>
    h.as<Items<FormBody>>(who, 'POST', '/forms/leave', body, { 'idempotency-key': key });
  const formsOf = (who: typeof su) => h.ctx.models.forms.countDocuments({ applicantId: who.id });

  before(async () => {
    await h.start();
    await h.directory.add(su, chan, lin);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
    await h.as(chan, 'POST', '/deputies', { personId: lin.id });
  });
  after(() => h.stop());

  it('answers a retry with the same key with the first result and files nothing new', async () => {
    const key = randomUUID();
    const before = await formsOf(su);
    const first = await submit(su, abroad('113-10-05 00:00', '113-10-07 00:00'), key);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const retry = await submit(su, abroad('113-10-05 00:00', '113-10-07 00:00'), key);
    expect(retry.status).to.equal(201);
    expect(retry.raw.toString('utf8')).to.equal(first.raw.toString('utf8'));
    expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    expect(first.headers.get('idempotent-replayed')).to.equal(null);
    expect(await formsOf(su)).to.equal(before + 1);
    // Without a key the same request is a new one, as before.
    const unkeyed = await h.as<Items<FormBody>>(su, 'POST', '/forms/leave', abroad('113-10-05 00:00', '113-10-07 00:00'));
    expect(unkeyed.status).to.equal(201);
    expect(unkeyed.body.items[0]!.id).not.to.equal(first.body.items[0]!.id);
    expect(await formsOf(su)).to.equal(before + 2);
  });

  it('files one form when the same key arrives several times at once', async () => {
    const key = randomUUID();
    const before = await formsOf(su);
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(su, abroad('113-10-12 00:00', '113-10-14 00:00'), key)));
    expect(await formsOf(su)).to.equal(before + 1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length, JSON.stringify(answers.map((a) => a.body))).to.be.greaterThanOrEqual(1);
    // Each answer is the form's or "in progress, try again" — never a second form.
    expect(new Set(created.map((a) => a.body.items[0]!.id)).size).to.equal(1);
    for (const busy of answers.filter((a) => a.status !== 201)) {
      expectProblem(busy, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(busy.headers.get('retry-after')).to.equal('1');
    }
    // Once the first is done, a retry gets its answer.
    const retry = await submit(su, abroad('113-10-12 00:00', '113-10-14 00:00'), key);
    expect(retry.status).to.equal(201);
    expect(retry.body.items[0]!.id).to.equal(created[0]!.body.items[0]!.id);
  });

  it('refuses the same key with a different request (422) and writes nothing', async () => {
    const key = randomUUID();
    expect((await submit(su, abroad('113-10-19 00:00', '113-10-21 00:00'), key)).status).to.equal(201);
    const before = await formsOf(su);
    expectProblem(await submit(su, abroad('113-10-19 00:00', '113-10-21 00:00', '韓國首爾'), key), 422, 'IDEMPOTENCY_KEY_REUSED');
    // The same key on another create operation is another key.
    const overtime = await h.as(
      su,
      'POST',
      '/forms/overtime',
      { start: '113-10-26 09:00', end: '113-10-26 12:00', reason: '整理', compensation: 'pay' },
      { 'idempotency-key': key },
    );
    expect(overtime.status, JSON.stringify(overtime.body)).to.equal(201);
    expect(await formsOf(su)).to.equal(before + 1);
  });

  it('keeps the keys of different people apart', async () => {
    const key = randomUUID();
    const mine = await submit(su, abroad('113-11-02 00:00', '113-11-04 00:00'), key);
    const theirs = await submit(chan, abroad('113-11-02 00:00', '113-11-04 00:00'), key);
    expect(mine.status).to.equal(201);
    expect(theirs.status, JSON.stringify(theirs.body)).to.equal(201);
    expect(theirs.headers.get('idempotent-replayed')).to.equal(null);
    expect(theirs.body.items[0]!.applicant).to.deep.include({ id: chan.id });
    expect(theirs.body.items[0]!.id).not.to.equal(mine.body.items[0]!.id);
  });

  it('lets a retry run again after the first attempt failed, since a failure leaves no trace', async () => {
    const key = randomUUID();
    const body = { leaveType: 'annual', start: '113-11-11 08:00', end: '113-11-11 17:15', reason: '家中有事' };
    // 林志明 has no deputy list yet: refused, nothing stored.
    expectProblem(await h.as(lin, 'POST', '/forms/leave', body, { 'idempotency-key': key }), 409, 'DEPUTIES_NOT_SET');
    await h.as(lin, 'POST', '/deputies', { personId: su.id });
    const retry = await h.as<Items<FormBody>>(lin, 'POST', '/forms/leave', body, { 'idempotency-key': key });
    expect(retry.status, JSON.stringify(retry.body)).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal(null);
  });

  it('names the header when the key is malformed', async () => {
    const before = await formsOf(su);
    const res = await submit(su, abroad('113-11-16 00:00', '113-11-18 00:00'), 'short');
    const problem = expectProblem(res, 400, 'IDEMPOTENCY_KEY_INVALID', 'headers.idempotency-key');
    expect(problem.errors![0]!.label).to.equal('Idempotency-Key');
    expect(await formsOf(su)).to.equal(before);
  });

  it('answers a retried upload and deputy addition with their first result', async () => {
    const key = randomUUID();
    const file = Buffer.from('%PDF-1.4\n% test\n');
    const upload = () =>
      h.as<{ id: string }>(su, 'POST', '/attachments?filename=proof.pdf', file, {
        'content-type': 'application/pdf',
        'idempotency-key': key,
      });
    const first = await upload();
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const retry = await upload();
    expect(retry.status).to.equal(201);
    expect(retry.body.id).to.equal(first.body.id);
    expect(await h.runtime.mongo.db!.collection('attachments.files').countDocuments({ filename: 'proof.pdf' })).to.equal(1);

    const deputyKey = randomUUID();
    const add = () => h.as(chan, 'POST', '/deputies', { personId: su.id }, { 'idempotency-key': deputyKey });
    const added = await add();
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const again = await add();
    expect(again.status).to.equal(201);
    expect(again.raw.toString('utf8')).to.equal(added.raw.toString('utf8'));
  });
});
