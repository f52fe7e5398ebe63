import { expect } from 'chai';
import { badgeText, badgesOf } from '../src/web/tile/badges.ts';

describe('the portal tile’s badges (GET /api/tile/counts as the tile reads it)', () => {
  it('shows the three counts of a signed-in person', () => {
    expect(badgesOf({ signedIn: true, approvals: 3, applications: 0, deputy: 1 })).to.deep.equal({
      approvals: 3,
      applications: 0,
      deputy: 1,
    });
  });

  it('shows none when signed out, or for an answer it does not understand', () => {
    for (const answer of [
      { signedIn: false },
      { signedIn: 'yes', approvals: 1, applications: 1, deputy: 1 },
      { signedIn: true, approvals: 1, applications: 1 },
      { signedIn: true, approvals: -1, applications: 1, deputy: 1 },
      { signedIn: true, approvals: 1.5, applications: 1, deputy: 1 },
      { signedIn: true, approvals: '1', applications: 1, deputy: 1 },
      null,
      'signedIn',
    ])
      expect(badgesOf(answer), JSON.stringify(answer)).to.equal(undefined);
  });

  it('caps a badge at 99+ so it fits the tile', () => {
    expect([badgeText(0), badgeText(99), badgeText(100)]).to.deep.equal(['0', '99', '99+']);
  });
});
