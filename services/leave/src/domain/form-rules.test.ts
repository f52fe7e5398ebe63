import { expect } from 'chai';
import { ATTACHMENT_TYPES } from '@webitr/contracts';
import { checkAttachment, checkTotal, MAGIC } from './attachments.ts';
import { taipeiInstant } from '@webitr/work-calendar';
import { RuleError } from './errors.ts';
import { assertCan, canDo } from './form.ts';
import { evaluateForgottenPunch } from './forgotten-punch.ts';
import { compTimeExpiry, evaluateOvertime, overtimeByDate } from './overtime.ts';
import { DEFAULT_SETTINGS } from './policy.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as RuleError).code;
  }
  return undefined;
};

describe('form lifecycle', () => {
  it('lets the applicant withdraw or modify until the final decision, and cancel only approved forms', () => {
    for (const s of ['waiting-for-deputy', 'in-approval', 'returned'] as const) {
      expect(canDo('withdraw', s) && canDo('modify', s), s).to.equal(true);
    }
    for (const s of ['approved', 'rejected', 'withdrawn', 'cancelled', 'cancel-requested'] as const)
      expect(canDo('withdraw', s), s).to.equal(false);
    expect(canDo('cancel', 'approved')).to.equal(true);
    expect(canDo('cancel', 'in-approval')).to.equal(false);
    expect(canDo('decide', 'waiting-for-deputy')).to.equal(false);
  });

  it('answers 409 FORM_STATE naming the current status', () => {
    try {
      assertCan('withdraw', 'approved');
      expect.fail();
    } catch (e) {
      expect((e as RuleError).status).to.equal(409);
      expect((e as RuleError).code).to.equal('FORM_STATE');
      expect((e as RuleError).detail)
        .to.contain('已決行')
        .and.contain('撤回');
    }
  });
});

describe('overtime', () => {
  const now = taipeiInstant('2024-08-01', '09:00');
  const usage = { byDate: {}, byMonth: {} };
  const ot = (a: [string, string], b: [string, string], u = usage, settings = DEFAULT_SETTINGS.overtime) =>
    evaluateOvertime({ start: taipeiInstant(...a), end: taipeiInstant(...b) }, settings, u, now);

  it('counts the minutes per date, splitting at midnight', () => {
    expect(overtimeByDate(taipeiInstant('2024-08-20', '22:00'), taipeiInstant('2024-08-21', '01:30'))).to.deep.equal([
      { date: '2024-08-20', minutes: 120 },
      { date: '2024-08-21', minutes: 90 },
    ]);
    expect(ot(['2024-08-20', '17:30'], ['2024-08-20', '20:30']).duration).to.equal('0日3小時');
  });

  it('caps a day at 12 hours and a month at 60 by default, configurably', () => {
    expect(codeOf(() => ot(['2024-08-24', '08:00'], ['2024-08-24', '21:00']))).to.equal('OVERTIME_DAILY_CAP');
    expect(codeOf(() => ot(['2024-08-20', '17:30'], ['2024-08-20', '20:30'], { byDate: { '2024-08-20': 600 }, byMonth: {} }))).to.equal(
      'OVERTIME_DAILY_CAP',
    );
    expect(codeOf(() => ot(['2024-08-20', '17:30'], ['2024-08-20', '20:30'], { byDate: {}, byMonth: { '2024-08': 58 * 60 } }))).to.equal(
      'OVERTIME_MONTHLY_CAP',
    );
    expect(
      codeOf(() =>
        ot(
          ['2024-08-20', '17:30'],
          ['2024-08-20', '20:30'],
          { byDate: {}, byMonth: { '2024-08': 58 * 60 } },
          { ...DEFAULT_SETTINGS.overtime, monthlyCapMinutes: 80 * 60 },
        ),
      ),
    ).to.equal(undefined);
  });

  it('must be applied for beforehand, and end after it starts', () => {
    expect(codeOf(() => ot(['2024-07-31', '18:00'], ['2024-07-31', '20:00']))).to.equal('OVERTIME_NOT_PRIOR');
    expect(codeOf(() => ot(['2024-08-20', '20:00'], ['2024-08-20', '18:00']))).to.equal('END_BEFORE_START');
  });

  it('gives comp time valid for two years', () => {
    expect(compTimeExpiry('2024-08-20', 24)).to.equal('2026-08-19');
    expect(compTimeExpiry('2024-02-29', 24)).to.equal('2026-02-27');
  });
});

describe('forgotten punch', () => {
  const limits = DEFAULT_SETTINGS.forgottenPunch;
  const draft = { date: '2024-08-20', direction: 'in' as const, time: '08:00' };
  it('allows 3 a month and 12 a year by default', () => {
    expect(codeOf(() => evaluateForgottenPunch(draft, limits, { month: 2, year: 5, sameSlot: false }, '2024-08-21'))).to.equal(undefined);
    expect(codeOf(() => evaluateForgottenPunch(draft, limits, { month: 3, year: 5, sameSlot: false }, '2024-08-21'))).to.equal(
      'PUNCH_MONTHLY_LIMIT',
    );
    expect(codeOf(() => evaluateForgottenPunch(draft, limits, { month: 0, year: 12, sameSlot: false }, '2024-08-21'))).to.equal(
      'PUNCH_YEARLY_LIMIT',
    );
    expect(
      codeOf(() =>
        evaluateForgottenPunch(draft, { monthlyLimit: 5, yearlyLimit: 20 }, { month: 3, year: 12, sameSlot: false }, '2024-08-21'),
      ),
    ).to.equal(undefined);
  });
  it('refuses future dates and a second request for the same punch', () => {
    expect(codeOf(() => evaluateForgottenPunch(draft, limits, { month: 0, year: 0, sameSlot: false }, '2024-08-19'))).to.equal(
      'PUNCH_IN_FUTURE',
    );
    expect(codeOf(() => evaluateForgottenPunch(draft, limits, { month: 0, year: 0, sameSlot: true }, '2024-08-21'))).to.equal(
      'PUNCH_DUPLICATE',
    );
  });
});

describe('attachments', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100)]);
  it('accepts documents and images recognised by content', () => {
    expect(checkAttachment('診斷證明.pdf', 'application/pdf', pdf)).to.deep.equal({
      filename: '診斷證明.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    expect(checkAttachment('x.PNG', undefined, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])).contentType).to.equal(
      'image/png',
    );
  });
  it('refuses forbidden types, disguised content and oversize files', () => {
    expect(codeOf(() => checkAttachment('setup.exe', 'application/octet-stream', Buffer.from('MZ....')))).to.equal(
      'ATTACHMENT_TYPE_FORBIDDEN',
    );
    expect(codeOf(() => checkAttachment('virus.pdf', 'application/pdf', Buffer.from('MZ\x90\x00')))).to.equal('ATTACHMENT_TYPE_MISMATCH');
    expect(codeOf(() => checkAttachment('a.pdf', 'image/png', pdf))).to.equal('ATTACHMENT_TYPE_MISMATCH');
    expect(codeOf(() => checkAttachment('big.pdf', 'application/pdf', Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)])))).to.equal(
      'ATTACHMENT_TOO_LARGE',
    );
    expect(codeOf(() => checkAttachment('../a.pdf', 'application/pdf', pdf))).to.equal('ATTACHMENT_NAME');
  });
  it('recognises the content of every type the web app offers (@webitr/contracts)', () => {
    expect(ATTACHMENT_TYPES.filter((t) => !MAGIC[t.contentType]).map((t) => t.contentType)).to.deep.equal([]);
  });
  it('limits a form to 10 MB in total', () => {
    expect(codeOf(() => checkTotal([6 * 1024 * 1024, 5 * 1024 * 1024]))).to.equal('ATTACHMENTS_TOO_LARGE');
    expect(codeOf(() => checkTotal([5 * 1024 * 1024, 5 * 1024 * 1024]))).to.equal(undefined);
  });
});
