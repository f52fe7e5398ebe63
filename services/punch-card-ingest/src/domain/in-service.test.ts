import { expect } from 'chai';
import { inServiceOn, judgedOnOtherServiceDates } from './in-service.ts';

describe('inServiceOn: the days a person is expected at work', () => {
  it('starts on 到職日', () => {
    const joined = { status: 'active', statusSince: '2024-08-15', serviceStartDate: '2024-08-15' };
    expect(inServiceOn(joined, '2024-08-14')).to.equal(false);
    expect(inServiceOn(joined, '2024-08-15')).to.equal(true);
  });

  it('stops while 留職停薪 or 離職 holds, from the day it began', () => {
    for (const status of ['leave-without-pay', 'separated']) {
      const person = { status, statusSince: '2024-09-01', serviceStartDate: '2010-08-01' };
      expect(inServiceOn(person, '2024-08-30'), status).to.equal(true);
      expect(inServiceOn(person, '2024-09-01'), status).to.equal(false);
      expect(inServiceOn(person, '2025-01-06'), status).to.equal(false);
    }
  });

  it('keeps a 留職停薪 or 離職 that has ended out of service, up to the day service resumed', () => {
    const back = {
      status: 'active',
      statusSince: '2025-02-01',
      serviceStartDate: '2010-08-01',
      pastOutOfService: [
        { from: '2024-02-01', until: '2024-09-01' },
        { from: '2024-12-31', until: '2025-02-01' },
      ],
    };
    expect(
      ['2024-01-31', '2024-02-01', '2024-08-31', '2024-09-01', '2024-12-30', '2024-12-31', '2025-01-31', '2025-02-01'].map((d) =>
        inServiceOn(back, d),
      ),
    ).to.deep.equal([true, false, false, true, true, false, false, true]);
  });

  it('counts what the directory does not say as in service', () => {
    expect(inServiceOn({}, '2024-08-05')).to.equal(true);
    expect(inServiceOn({ status: 'leave-without-pay' }, '2024-08-05')).to.equal(true);
    expect(inServiceOn({ status: 'active', statusSince: '2030-01-01' }, '2024-08-05')).to.equal(true);
  });

  it('judges a stored day again when the service dates it was judged on have changed, and only then', () => {
    expect(judgedOnOtherServiceDates('absent', false), '曠職, now out of service').to.equal(true);
    expect(judgedOnOtherServiceDates('not-in-service', true), '未在職, now in service').to.equal(true);
    expect(judgedOnOtherServiceDates('absent', true)).to.equal(false);
    expect(judgedOnOtherServiceDates('not-in-service', false)).to.equal(false);
    expect(judgedOnOtherServiceDates('late', false), 'a punch was recorded: judged as any day').to.equal(false);
  });
});
