import { expect } from 'chai';
import { AssertionVerifier, generateIssuerKeys } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import { PersonAssertionSigner } from './assertions.ts';

const person: PersonIdentity = { kind: 'person', sub: 'P1', agencyId: 'KH-GUANGHUA-ES', roles: [{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }], zone: 'vpn', ip: '10.250.0.7' };
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

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

  it('are reused for the same person, roles, zone, address and service during the first 30 s of their life only', async () => {
    const keys = await generateIssuerKeys();
    const T = Date.parse('2026-03-02T08:00:00Z');
    let now = T;
    const signer = new PersonAssertionSigner('gateway', keys.privateJwk, { now: () => now });
    const first = signer.assertion(person, 'leave');
    expect(payloadOf(first)).to.include({ sub: 'P1', aud: 'leave', iat: T / 1000, exp: T / 1000 + 60 });
    now = T + 29_999;
    expect(signer.assertion(person, 'leave')).to.equal(first);
    now = T + 30_000;
    const renewed = signer.assertion(person, 'leave');
    expect(renewed).to.not.equal(first);
    expect(payloadOf(renewed)).to.include({ iat: T / 1000 + 30, exp: T / 1000 + 90 });
    // The reused one is still valid at the service for the rest of its life.
    const verifier = new AssertionVerifier('leave', { gateway: keys.publicJwk }, { now: () => now });
    expect(await verifier.verify(first)).to.deep.equal(person);
  });

  it('are never shared across services, people, roles, zones or addresses', async () => {
    const keys = await generateIssuerKeys();
    const signer = new PersonAssertionSigner('gateway', keys.privateJwk);
    const first = signer.assertion(person, 'leave');
    const others = [
      signer.assertion(person, 'approval'),
      signer.assertion({ ...person, sub: 'P2' }, 'leave'),
      signer.assertion({ ...person, agencyId: 'KH-EDU' }, 'leave'),
      signer.assertion({ ...person, roles: [...person.roles, { role: 'agency-admin', agencyId: 'KH-GUANGHUA-ES' }] }, 'leave'),
      signer.assertion({ ...person, zone: 'intranet' }, 'leave'),
      signer.assertion({ ...person, ip: '10.250.0.8' }, 'leave'),
      signer.assertion({ kind: 'person', sub: 'P1', agencyId: 'KH-GUANGHUA-ES', roles: person.roles, zone: 'vpn' }, 'leave'),
    ];
    expect(new Set([first, ...others]).size).to.equal(others.length + 1);
    expect(payloadOf(others[3]!)['roles']).to.deep.include({ role: 'agency-admin', agencyId: 'KH-GUANGHUA-ES' });
  });
});
