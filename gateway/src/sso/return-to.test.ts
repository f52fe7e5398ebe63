import { expect } from 'chai';
import { safeReturnTo } from './return-to.ts';

const origin = 'https://webitr.example.gov.tw';

describe('return_to of a tile deep link', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnTo('/leave/apply', origin)).to.equal('/leave/apply');
    expect(safeReturnTo('/leave/requests?status=pending#top', origin)).to.equal('/leave/requests?status=pending#top');
    expect(safeReturnTo(undefined, origin)).to.equal('/');
  });

  for (const value of [
    'https://evil.example/',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'leave/apply',
    '/leave\n',
    '/sso/kh-edu',
    '/logout',
    '/api/me',
    'x'.repeat(3000),
  ]) {
    it(`refuses ${JSON.stringify(value.slice(0, 30))}`, () => {
      expect(safeReturnTo(value, origin)).to.equal(undefined);
    });
  }

  it('sends the normalised path it checked (dot segments resolved)', () => {
    expect(safeReturnTo('/a/../leave/./apply', origin)).to.equal('/leave/apply');
    expect(safeReturnTo('/%2e/leave/%2E%2E/leave/apply?x=1#y', origin)).to.equal('/leave/apply?x=1#y');
    expect(safeReturnTo('/leave/apply?next=//evil.example', origin)).to.equal('/leave/apply?next=//evil.example');
  });

  // Paths whose normalised form is another host (`//evil.example`), or would be once a later hop decodes it.
  for (const value of [
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/..//evil.example',
    '/.%2E//evil.example',
    '/%5cevil.example',
    '/%5C/evil.example',
    '/%2f%2fevil.example',
    '/%2F/evil.example',
    '/%09/evil.example',
    '/.\n//evil.example',
    '/./sso/x',
    '/%2e/API/me',
    '/%73so/x',
  ]) {
    it(`refuses ${JSON.stringify(value)}, whose normalised path leaves the site or returns into the sign-in`, () => {
      expect(safeReturnTo(value, origin)).to.equal(undefined);
    });
  }

  it('refuses anything but a string', () => {
    expect(safeReturnTo(['/a', '/b'], origin)).to.equal(undefined);
  });
});
