import { expect } from 'chai';
import { eventually, LeaveHarness, manager, person } from '../harness.ts';

interface Ledger {
  ledger: string;
  period: string;
  granted: number;
  entries: { kind: string; amount: number; note: string }[];
}

describe('allocation is repeatable: 休假 follows a seniority date added or corrected (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('allocation');
  const boss = manager('陳人事');
  // Hired without a 到職日期 on file: no 休假 until personnel adds it.
  const late = person('補登人員', { serviceStartDate: undefined });
  const moved = person('更正人員', { serviceStartDate: '2023-09-01' });

  const ledger = async (who: typeof late, code: string, period: string) => (await h.as<{ items: Ledger[] }>(who, 'GET', '/balances')).body.items.find((i) => i.ledger === code && i.period === period);
  const allocate = (year: number) => h.as<{ people: number; balances: number; recomputed: number }>(boss, 'POST', `/agencies/${boss.agencyId}/allocations`, { year });

  before(async () => {
    await h.start();
    await h.directory.add(boss, late, moved);
    // The leave service knows the people who used it (the allocation run covers them).
    for (const who of [late, moved]) expect((await h.as(who, 'GET', '/leave-types')).status).to.equal(200);
  });
  after(() => h.stop());

  it('recomputes this year\'s 休假 when personnel adds the 到職日期 through the attendance profile, with a ledger line saying why', async () => {
    expect((await allocate(2024)).status).to.equal(201);
    expect((await ledger(late, 'annual', '2024'))!.granted).to.equal(0);
    const res = await h.as(boss, 'PUT', `/people/${late.id}/attendance-profile`, { serviceStartDate: '2015-03-02', reason: '補登到職日期' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const after = (await ledger(late, 'annual', '2024'))!;
    // 2015-03 to the end of 2023: 8 full years → 21 days (公務人員請假規則第7條: 滿6年)
    expect(after.granted).to.equal(21 * 480);
    const line = after.entries.at(-1)!;
    expect(line).to.include({ kind: 'recomputation', amount: 21 * 480 });
    expect(line.note).to.contain('重新核給').and.contain('補登到職日期').and.contain('2015-03-02');
  });

  it('brings the balance to the rules again on a re-run after the directory corrects the date, and writes nothing the second time', async () => {
    expect((await ledger(moved, 'annual', '2024'))!.granted, 'started 2023-09: 4 months → 2.5 days').to.equal(2.5 * 480);
    await h.directory.update(moved, { serviceStartDate: '2005-09-01' });
    await eventually(async () => ((await h.ctx.models.people.findById(moved.id).lean())?.stale ? true : undefined), 'the directory event to mark the person stale');
    const run = await allocate(2024);
    expect(run.status).to.equal(201);
    expect(run.body.recomputed).to.be.at.least(1);
    const after = (await ledger(moved, 'annual', '2024'))!;
    expect(after.granted, '18 years to the end of 2023 → 30 days').to.equal(30 * 480);
    expect(after.entries.at(-1)).to.include({ kind: 'recomputation', amount: 30 * 480 - 2.5 * 480 });
    const entries = after.entries.length;
    const again = await allocate(2024);
    expect(again.body.recomputed).to.equal(0);
    expect((await ledger(moved, 'annual', '2024'))!.entries).to.have.length(entries);
  });
});
