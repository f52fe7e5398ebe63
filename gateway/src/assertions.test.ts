import { expect } from 'chai';
import { AssertionVerifier, generateIssuerKeys } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import { PersonAssertionSigner } from './assertions.ts';

const person: PersonIdentity = {
  kind: 'person',
  sub: 'P1',
  agencyId: 'KH-GUANGHUA-ES',
  roles: [{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }],
  zone: 'vpn',
  ip: '10.250.0.7',
};
const ids = { rid: 'gw-req-1', cid: 'gw-chain-1' };
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('the gateway’s person assertions', () => {
  it('are what every service’s verifier accepts, for that service only, with the request’s ids', async () => {
    const keys = await generateIssuerKeys();
    const token = new PersonAssertionSigner('gateway', keys.privateJwk).sign(person, 'leave', ids);
    expect(await new AssertionVerifier('leave', { gateway: keys.publicJwk }).verify(token)).to.deep.equal({
      identity: person,
      requestId: 'gw-req-1',
      correlationId: 'gw-chain-1',
    });
    const refused = await new AssertionVerifier('approval', { gateway: keys.publicJwk }).verify(token).then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );
    expect(refused).to.equal('ASSERTION_INVALID');
  });

  it('expire after 60 seconds', async () => {
    const keys = await generateIssuerKeys();
    const T = Date.parse('2026-03-02T08:00:00Z');
    const token = new PersonAssertionSigner('gateway', keys.privateJwk, { now: () => T }).sign(person, 'leave', ids);
    expect(payloadOf(token)).to.include({ iat: T / 1000, exp: T / 1000 + 60 });
    const at = (ms: number) =>
      new AssertionVerifier('leave', { gateway: keys.publicJwk }, { now: () => ms }).verify(token).then(
        () => 'accepted',
        (e: { code: string }) => e.code,
      );
    expect(await at(T + 59_000)).to.equal('accepted');
    expect(await at(T + 120_000)).to.equal('ASSERTION_INVALID');
  });

  it('are signed afresh for every request: each carries its own ids', async () => {
    const keys = await generateIssuerKeys();
    const signer = new PersonAssertionSigner('gateway', keys.privateJwk);
    const first = signer.sign(person, 'leave', ids);
    const second = signer.sign(person, 'leave', { rid: 'gw-req-2', cid: 'gw-chain-1' });
    expect(payloadOf(first)).to.include({ rid: 'gw-req-1', cid: 'gw-chain-1' });
    expect(payloadOf(second)).to.include({ rid: 'gw-req-2', cid: 'gw-chain-1' });
  });
});
