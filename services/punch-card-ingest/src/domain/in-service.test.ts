import { expect } from 'chai';
import { inServiceOn } from './in-service.ts';

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

  it('counts what the directory does not say as in service', () => {
    expect(inServiceOn({}, '2024-08-05')).to.equal(true);
    expect(inServiceOn({ status: 'leave-without-pay' }, '2024-08-05')).to.equal(true);
    expect(inServiceOn({ status: 'active', statusSince: '2030-01-01' }, '2024-08-05')).to.equal(true);
  });
});
