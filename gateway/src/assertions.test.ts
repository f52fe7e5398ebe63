import { expect } from 'chai';
import { AssertionVerifier, generateIssuerKeys } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import { PersonAssertionSigner } from './assertions.ts';

const person: PersonIdentity = { kind: 'person', sub: 'P1', agencyId: 'KH-GUANGHUA-ES', roles: [{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }], zone: 'vpn', ip: '10.250.0.7', rid: 'r1', cid: 'c1' };

describe('the gateway’s person assertions', () => {
  it('are what every service’s verifier accepts, for that service only', async () => {
    const keys = await generateIssuerKeys();
    const token = new PersonAssertionSigner('gateway', keys.privateJwk).sign(person, 'leave');
    expect(await new AssertionVerifier('leave', { gateway: keys.publicJwk }).verify(token)).to.deep.equal(person);
    const refused = await new AssertionVerifier('approval', { gateway: keys.publicJwk }).verify(token).then(() => 'accepted', (e: { code: string }) => e.code);
    expect(refused).to.equal('ASSERTION_INVALID');
  });

  it('expire after 60 seconds', async () => {
    const keys = await generateIssuerKeys();
    const token = new PersonAssertionSigner('gateway', keys.privateJwk).sign(person, 'leave', Math.floor(Date.now() / 1000) - 120);
    const refused = await new AssertionVerifier('leave', { gateway: keys.publicJwk }).verify(token).then(() => 'accepted', (e: { code: string }) => e.code);
    expect(refused).to.equal('ASSERTION_INVALID');
  });
});
