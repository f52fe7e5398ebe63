import { expect } from 'chai';
import { digestDueDate, renderDigest } from './digest.ts';
import type { DigestMessage } from './digest.ts';

const linkTo = (path: string) => `https://webitr.example.gov.tw/sso/kh-edu?return_to=${encodeURIComponent(path)}`;

describe('daily digest', () => {
  it('is due once the Taipei clock passes the configured time, for the Taipei date', () => {
    expect(digestDueDate(new Date('2026-11-24T07:29:00+08:00'), '07:30')).to.equal(undefined);
    expect(digestDueDate(new Date('2026-11-24T07:30:00+08:00'), '07:30')).to.equal('2026-11-24');
    // 23:40 UTC on the 23rd is 07:40 on the 24th in Taipei.
    expect(digestDueDate(new Date('2026-11-23T23:40:00Z'), '07:30')).to.equal('2026-11-24');
  });

  it('counts the waiting approvals, oldest first, with the deep link to 批核案件, and yesterday’s anomalies', () => {
    const message: DigestMessage = {
      type: 'daily-digest',
      date: '2026-11-24',
      approvals: {
        count: 12,
        oldest: [
          { kind: 'leave', subject: 'request', since: new Date('2026-11-20T09:00:00+08:00') },
          { kind: 'overtime', subject: 'cancellation', since: new Date('2026-11-21T10:15:00+08:00') },
        ],
      },
      anomalies: { date: '2026-11-23', labels: ['未刷下班卡'] },
      agencyAnomalies: { date: '2026-11-23', count: 5 },
    };
    const out = renderDigest(message, { name: '陳怡君' }, linkTo);
    expect(out.subject).to.equal('[差勤] 每日摘要 115-11-24 (二)：待批核 12 件、昨日出勤異常（未刷下班卡）、本機關昨日出勤異常 5 筆');
    expect(out.text).to.contain(
      '待您批核的案件共 12 件（由最早者起）：\n1. 差假申請，115-11-20 (五) 09:00 起等候批核\n2. 加班撤銷申請，115-11-21 (六) 10:15',
    );
    expect(out.text).to.contain('（另有 10 件）');
    expect(out.text).to.contain(linkTo('/approvals'));
    expect(out.text).to.contain('您 115-11-23 (一) 的出勤異常：\n未刷下班卡');
    expect(out.text).to.contain('本機關 115-11-23 (一) 的出勤異常：\n共 5 筆');
    expect(out.text).to.contain(linkTo('/attendance/anomalies?scope=agency'));
    expect(out.html).to.contain('未刷下班卡');
    expect(out.html).to.contain(`href="${linkTo('/approvals').replaceAll('&', '&#38;')}"`);
  });

  it('leaves out the sections with nothing in them', () => {
    const out = renderDigest(
      { type: 'daily-digest', date: '2026-11-24', anomalies: { date: '2026-11-23', labels: ['遲到', '早退'] } },
      { name: '王' },
      linkTo,
    );
    expect(out.title).to.equal('每日摘要 115-11-24 (二)：昨日出勤異常（遲到、早退）');
    expect(out.text).to.not.contain('批核');
  });
});
