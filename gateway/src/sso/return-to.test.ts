import { expect } from 'chai';
import { safeReturnTo } from './return-to.ts';

const origin = 'https://webitr.example.gov.tw';

describe('return_to of a tile deep link', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnTo('/leave/apply', origin)).to.equal('/leave/apply');
    expect(safeReturnTo('/leave/requests?status=pending#top', origin)).to.equal('/leave/requests?status=pending#top');
    expect(safeReturnTo(undefined, origin)).to.equal('/');
  });

  for (const value of ['https://evil.example/', '//evil.example', '///evil.example', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', 'leave/apply', '/leave\n', '/sso/kh-edu', '/logout', '/api/me', 'x'.repeat(3000)]) {
    it(`refuses ${JSON.stringify(value.slice(0, 30))}`, () => {
      expect(safeReturnTo(value, origin)).to.equal(undefined);
    });
  }

  it('refuses anything but a string', () => {
    expect(safeReturnTo(['/a', '/b'], origin)).to.equal(undefined);
  });
});
