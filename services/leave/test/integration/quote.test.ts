import { expect } from 'chai';
import type { RouteDraft } from '@webitr/contracts';
import { expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Quote {
  duration: string;
  minutes: number;
  balances: { ledger: string; period: string; before: number; charged: number; after: number; label: string }[];
  deputy?: { personId: string; name: string; available: boolean; reason?: string };
  route: { status: string; steps?: { label: string; approverIds: string[] }[]; reason?: string };
}

describe('a quote before filing (試算): what filing would do, nothing written (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('quote');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const lin = person('林代理');
  const boss = manager('陳主任');
  const asked: RouteDraft[] = [];
  const day = { leaveType: 'annual', start: '113-08-20 08:00', end: '113-08-20 17:15' };

  before(async () => {
    h.approval = {
      previewRoute: async ({ body: draft }) => {
        asked.push(draft);
        return { status: 'routable', steps: [{ label: '單位主管', approverIds: [boss.id], final: true, countersign: false }] };
      },
    };
    await h.start();
    await h.directory.add(su, chan, lin, boss);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
    await h.as(su, 'POST', '/deputies', { personId: lin.id });
    await h.as(chan, 'POST', '/deputies', { personId: lin.id });
  });
  after(() => h.stop());

  it('answers the counted time, the balance before and after, the deputy and the route, and writes nothing', async () => {
    const before = await h.counts();
    const res = await h.as<Quote>(su, 'POST', '/forms/leave/quote', day);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ duration: '1日0小時', minutes: 480 });
    expect(res.body.balances).to.deep.equal([
      {
        ledger: 'annual',
        period: '2024',
        periodLabel: '113年',
        unit: 'minutes',
        before: 30 * 480,
        charged: 480,
        after: 29 * 480,
        label: '休假 剩餘: 29日0小時',
      },
    ]);
    expect(res.body.deputy).to.deep.equal({ personId: chan.id, name: chan.name, available: true });
    expect(res.body.route).to.deep.equal({
      status: 'routable',
      steps: [{ label: '單位主管', approverIds: [boss.id], final: true, countersign: false }],
    });
    expect(asked.at(-1)).to.deep.equal({
      applicantId: su.id,
      agencyId: su.agencyId,
      kind: 'leave',
      leaveType: 'annual',
      minutes: 480,
      deputyId: chan.id,
    });
    expect(await h.counts(), 'no form, no balance created or reserved, no file claimed').to.deep.equal(before);
  });

  it('agrees with what filing then charges', async () => {
    const quote = (await h.as<Quote>(su, 'POST', '/forms/leave/quote', { ...day, start: '113-08-21 13:15', end: '113-08-22 12:00' })).body;
    const filed = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', {
      ...day,
      start: '113-08-21 13:15',
      end: '113-08-22 12:00',
      reason: '家務',
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    expect(filed.body.items[0]!.duration).to.equal(quote.duration).and.to.equal('1日0小時');
    const ledgers = await h.as<{ items: { ledger: string; period: string; remaining: number }[] }>(su, 'GET', '/balances');
    expect(ledgers.body.items.find((i) => i.ledger === 'annual' && i.period === '2024')!.remaining).to.equal(quote.balances[0]!.after);
  });

  it('says when the deputy cannot act (their own leave in the interval) instead of refusing', async () => {
    const chans = await h.as(chan, 'POST', '/forms/leave', { ...day, start: '113-08-27 08:00', end: '113-08-27 17:15', reason: '私事' });
    expect(chans.status, JSON.stringify(chans.body)).to.equal(201);
    const res = await h.as<Quote>(su, 'POST', '/forms/leave/quote', {
      ...day,
      start: '113-08-27 08:00',
      end: '113-08-27 12:00',
      deputyId: chan.id,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.deputy).to.include({ personId: chan.id, available: false });
    expect(res.body.deputy!.reason).to.contain('在請假區間有尚未批核完成的差假申請單');
    // without naming one, the first free deputy on the list
    expect(
      (await h.as<Quote>(su, 'POST', '/forms/leave/quote', { ...day, start: '113-08-27 08:00', end: '113-08-27 12:00' })).body.deputy,
    ).to.include({ personId: lin.id, available: true });
  });

  it('returns field errors as filing does, and the route as unavailable when approval cannot be asked', async () => {
    expectProblem(await h.as(su, 'POST', '/forms/leave/quote', { ...day, end: '113-08-19 17:15' }), 400, 'END_BEFORE_START', 'body.end');
    expectProblem(
      await h.as(su, 'POST', '/forms/leave/quote', { start: day.start, end: day.end }),
      400,
      'VALIDATION_FAILED',
      'body.leaveType',
    );
    expectProblem(
      await h.as(su, 'POST', '/forms/leave/quote', { ...day, leaveType: 'personal', start: '113-08-21 14:00', end: '113-08-21 15:00' }),
      409,
      'OVERLAP',
      'body.start',
    );
    expectProblem(
      await h.as(su, 'POST', '/forms/leave/quote', { ...day, start: '113-09-02 08:00', end: '113-10-31 17:15' }),
      409,
      'INSUFFICIENT_BALANCE',
      'body.leaveType',
    );
    const saved = h.approval;
    h.approval = { previewRoute: () => Promise.reject(new Error('approval away')) };
    try {
      const res = await h.as<Quote>(su, 'POST', '/forms/leave/quote', { ...day, start: '113-09-03 08:00', end: '113-09-03 12:00' });
      expect(res.status).to.equal(200);
      expect(res.body.route.status).to.equal('unavailable');
      expect(res.body.duration).to.equal('0日4小時');
    } finally {
      h.approval = saved;
    }
  });

  it('quotes a modification (修改) against the form itself set aside: no overlap with it, its reserved days given back first', async () => {
    const own = { ...day, start: '113-09-10 08:00', end: '113-09-10 17:15' };
    const filed = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', { ...own, reason: '家務' });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const formId = filed.body.items[0]!.id;
    // Without saying which form is modified, the draft meets the form itself.
    expectProblem(await h.as(su, 'POST', '/forms/leave/quote', own), 409, 'OVERLAP', 'body.start');
    const plain = (await h.as<Quote>(su, 'POST', '/forms/leave/quote', { ...own, start: '113-09-11 08:00', end: '113-09-11 17:15' })).body;
    const before = await h.counts();
    const res = await h.as<Quote>(su, 'POST', '/forms/leave/quote', { ...own, end: '113-09-10 12:00', formId });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.duration).to.equal('0日4小時');
    // The form's own day is free again before the draft's half day is charged.
    expect(res.body.balances[0]!.before).to.equal(plain.balances[0]!.before + 480);
    expect(res.body.balances[0]!.after).to.equal(plain.balances[0]!.before + 480 - 240);
    expect(await h.counts(), 'nothing written, the reservation still held').to.deep.equal(before);
    // Someone else's form is not theirs to quote a change of.
    const other = await h.as(chan, 'POST', '/forms/leave/quote', { ...own, formId });
    expect(other.status, JSON.stringify(other.body)).to.be.oneOf([403, 404]);
  });
});
