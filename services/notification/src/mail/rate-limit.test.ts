import { expect } from 'chai';
import { TokenBucket } from './rate-limit.ts';

describe('TokenBucket (the send rate limit)', () => {
  it('lets a second’s worth through at once, then spaces the rest at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(4, () => now);
    const waits = Array.from({ length: 6 }, () => bucket.reserve());
    expect(waits.slice(0, 4)).to.deep.equal([0, 0, 0, 0]);
    expect(waits[4]).to.equal(250);
    expect(waits[5]).to.equal(500);
    // A second later four more slots have come back, of which the two waiting callers took two.
    now = 1000;
    expect(bucket.reserve()).to.equal(0);
    expect(bucket.reserve()).to.equal(0);
    expect(bucket.reserve()).to.equal(250);
  });
});
