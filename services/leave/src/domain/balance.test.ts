import { expect } from 'chai';
import {
  addEntry,
  addGrant,
  allocatedOf,
  balanceLabel,
  consume,
  emptyBalance,
  recompute,
  release,
  remainingOf,
  reserve,
  subUsed,
} from './balance.ts';
import type { BalanceState } from './balance.ts';
import { RuleError, statusOf } from './errors.ts';

const at = new Date('2024-08-20T00:00:00Z');
const DAY = 480;
const granted = (days: number): BalanceState =>
  addEntry(emptyBalance('minutes'), { at, kind: 'allocation', amount: days * DAY, note: 'test' });
const req = (formId: string, amount: number, extra = {}) => ({ formId, amount, at, on: '2024-08-20', label: '休假', ...extra });

describe('balance ledger', () => {
  it('reserves pending forms, consumes approved ones and releases withdrawn ones', () => {
    let b = granted(7);
    b = reserve(b, req('f1', DAY));
    b = reserve(b, req('f2', 2 * DAY));
    expect(remainingOf(b)).to.equal(4 * DAY);
    b = consume(b, 'f1');
    expect(Object.keys(b.consumed)).to.deep.equal(['f1']);
    b = release(b, 'f2');
    expect(remainingOf(b)).to.equal(6 * DAY);
    b = release(b, 'f1'); // cancelled after approval
    expect(remainingOf(b)).to.equal(7 * DAY);
  });

  it('is idempotent per form', () => {
    let b = reserve(granted(7), req('f1', DAY));
    expect(reserve(b, req('f1', DAY))).to.equal(b);
    b = consume(b, 'f1');
    expect(consume(b, 'f1')).to.equal(b);
    expect(reserve(b, req('f1', DAY))).to.equal(b);
  });

  it('refuses what the balance does not cover, with 409 INSUFFICIENT_BALANCE naming the remaining', () => {
    const b = reserve(granted(1), req('f1', 420));
    expect(() => reserve(b, req('f2', 120)))
      .to.throw(RuleError)
      .that.satisfies((e: RuleError) => statusOf(e) === 409 && e.code === 'INSUFFICIENT_BALANCE' && e.detail!.includes('剩餘0日1小時'));
    expect(remainingOf(reserve(b, req('f3', 60)))).to.equal(0);
  });

  it('counts 家庭照顧假 inside 事假 with its own cap', () => {
    let b = granted(7);
    const family = { key: 'family-care', cap: 7 * DAY };
    b = reserve(b, req('f1', 5 * DAY, { sub: family }));
    b = reserve(b, req('f2', DAY)); // plain 事假
    expect(remainingOf(b)).to.equal(DAY);
    expect(subUsed(b, 'family-care')).to.equal(5 * DAY);
    expect(() => reserve(b, req('f3', 2 * DAY, { sub: family }))).to.throw(RuleError);
  });

  it('does not count the first three days of 生理假 against 病假', () => {
    let b = granted(28);
    const menstrual = { key: 'menstrual', free: 3 * DAY };
    for (const id of ['m1', 'm2', 'm3']) b = reserve(b, req(id, DAY, { sub: menstrual }));
    expect(remainingOf(b)).to.equal(28 * DAY);
    b = reserve(b, req('m4', DAY, { sub: menstrual }));
    expect(remainingOf(b)).to.equal(27 * DAY);
    expect(b.reserved['m4']).to.include({ amount: DAY, counted: DAY });
  });

  it('counts times for 公假', () => {
    let b = addEntry(emptyBalance('times'), { at, kind: 'allocation', amount: 20, note: '' });
    b = reserve(b, req('f1', 1));
    expect(balanceLabel('公假', 'times', remainingOf(b))).to.equal('公假 剩餘: 19次(年)');
  });

  it('shows days and hours as the seed does', () => {
    expect(balanceLabel('休假', 'minutes', remainingOf(granted(30)))).to.equal('休假 剩餘: 30日0小時');
    expect(balanceLabel('加班補休', 'minutes', 0)).to.equal('加班補休 剩餘: 0日0小時');
  });

  it('lets a manager correct with a reason, never below what is used', () => {
    let b = reserve(granted(7), req('f1', 5 * DAY));
    b = addEntry(b, { at, kind: 'correction', amount: -DAY, note: '到職日更正', actorId: 'M1' });
    expect(remainingOf(b)).to.equal(DAY);
    expect(() => addEntry(b, { at, kind: 'correction', amount: -2 * DAY, note: 'x' }))
      .to.throw(RuleError)
      .with.property('code', 'CORRECTION_BELOW_USED');
  });

  describe('comp time', () => {
    const comp = (): BalanceState => {
      let b: BalanceState = { ...emptyBalance('minutes'), grants: [] };
      b = addGrant(b, { id: 'ot-new', minutes: 240, earnedOn: '2024-05-01', expiresOn: '2026-05-01' }, at);
      b = addGrant(b, { id: 'ot-old', minutes: 120, earnedOn: '2023-03-01', expiresOn: '2025-03-01' }, at);
      return b;
    };

    it('is consumed oldest first', () => {
      const b = reserve(comp(), req('c1', 180, { on: '2024-08-20' }));
      expect(b.reserved['c1']!.fromGrants).to.deep.equal({ 'ot-old': 120, 'ot-new': 60 });
      expect(remainingOf(b, '2024-08-20')).to.equal(180);
    });

    it('expires: a grant past its date is no longer available', () => {
      expect(remainingOf(comp(), '2024-08-20')).to.equal(360);
      expect(remainingOf(comp(), '2025-03-02')).to.equal(240);
      expect(() => reserve(comp(), req('c1', 300, { on: '2025-04-01' })))
        .to.throw(RuleError)
        .with.property('code', 'INSUFFICIENT_BALANCE');
    });

    it('adds each overtime form once', () => {
      const b = comp();
      expect(addGrant(b, { id: 'ot-new', minutes: 240, earnedOn: '2024-05-01', expiresOn: '2026-05-01' }, at)).to.equal(b);
    });
  });

  describe('recomputation', () => {
    it('writes the difference to what the rules give now, keeping corrections and charges, and nothing when it is there already', () => {
      let b = addEntry(granted(7), { at, kind: 'correction', amount: DAY, note: '補計', actorId: 'p' });
      b = reserve(b, req('f1', DAY));
      const next = recompute(b, 14 * DAY, '重新核給', at);
      expect(next.entries.at(-1)).to.deep.include({ kind: 'recomputation', amount: 7 * DAY });
      expect(allocatedOf(next)).to.equal(14 * DAY);
      expect(remainingOf(next), 'the correction and the reservation stay').to.equal(14 * DAY);
      expect(recompute(next, 14 * DAY, '重新核給', at)).to.equal(next);
      expect(recompute(next, 0, '到職日期更正', at).granted, 'down as well').to.equal(DAY);
    });

    it('leaves comp time (granted by overtime) alone', () => {
      const comp = addGrant(
        { ...emptyBalance('minutes'), grants: [] },
        { id: 'ot', minutes: 240, earnedOn: '2024-05-01', expiresOn: '2026-05-01' },
        at,
      );
      expect(recompute(comp, 0, 'x', at)).to.equal(comp);
    });
  });
});
