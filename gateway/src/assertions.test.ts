import { expect } from 'chai';
import { AssertionVerifier, createLogger, generateIssuerKeys } from '@webitr/platform';
import type { Redis } from '@webitr/platform';
import type { PersonIdentity, PersonSummary } from '@webitr/contracts';
import { PersonAssertionSigner, PersonAssertions } from './assertions.ts';
import type { NetworkContext } from './network/zones.ts';
import { Invalidations } from './session/invalidations.ts';

const person: PersonIdentity = {
  kind: 'person',
  sub: 'P1',
  agencyId: 'KH-GUANGHUA-ES',
  roles: [{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }],
  zone: 'vpn',
  ip: '10.250.0.7',
};
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** The directory's record of the person above, as the guard has it when it asks for an assertion. */
const summary = (changes: Partial<PersonSummary> = {}): PersonSummary =>
  ({
    id: 'P1',
    name: '陳怡君',
    agencyId: 'KH-GUANGHUA-ES',
    agencyName: '高雄市立光華國民小學',
    status: 'active',
    roles: [{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }],
    apps: ['webitr'],
    ...changes,
  }) as PersonSummary;
const vpn: NetworkContext = { address: '10.250.0.7', zone: 'vpn', zones: ['vpn'] };

/** Invalidations that never connect (no listen): what the assertion cache needs of them is the events. */
const offlineInvalidations = () =>
  new Invalidations({ options: { keyPrefix: 't:' } } as unknown as Redis, createLogger({ service: 'test', level: 'silent' }));

describe('the gateway’s person assertions', () => {
  it('are what every service’s verifier accepts, for that service only, and carry no request ids', async () => {
    const keys = await generateIssuerKeys();
    const token = new PersonAssertionSigner('gateway', keys.privateJwk).sign(person, 'leave');
    expect(await new AssertionVerifier('leave', { gateway: keys.publicJwk }).verify(token)).to.deep.equal({ identity: person });
    expect(payloadOf(token)).to.not.have.any.keys('rid', 'cid');
    const refused = await new AssertionVerifier('approval', { gateway: keys.publicJwk }).verify(token).then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );
    expect(refused).to.equal('ASSERTION_INVALID');
  });

  it('expire after 60 seconds', async () => {
    const keys = await generateIssuerKeys();
    const T = Date.parse('2026-03-02T08:00:00Z');
    const token = new PersonAssertionSigner('gateway', keys.privateJwk, { now: () => T }).sign(person, 'leave');
    expect(payloadOf(token)).to.include({ iat: T / 1000, exp: T / 1000 + 60 });
    const at = (ms: number) =>
      new AssertionVerifier('leave', { gateway: keys.publicJwk }, { now: () => ms }).verify(token).then(
        () => 'accepted',
        (e: { code: string }) => e.code,
      );
    expect(await at(T + 59_000)).to.equal('accepted');
    expect(await at(T + 120_000)).to.equal('ASSERTION_INVALID');
  });
});

describe('one assertion per session, service and network context (PersonAssertions)', () => {
  const T = Date.parse('2026-03-02T08:00:00Z');
  let now = T;
  let keys: Awaited<ReturnType<typeof generateIssuerKeys>>;
  let invalidations: Invalidations;
  let assertions: PersonAssertions;
  beforeEach(async () => {
    now = T;
    keys ??= await generateIssuerKeys();
    invalidations = offlineInvalidations();
    assertions = new PersonAssertions(new PersonAssertionSigner('gateway', keys.privateJwk, { now: () => now }), invalidations);
  });

  it('is reused for 30 s of its 60, then replaced by one signed then', async () => {
    const first = assertions.for('session-a', summary(), 'leave', vpn);
    now = T + 29_999;
    // Another copy of the same record (as the person cache reads it again): the same assertion.
    expect(assertions.for('session-a', summary(), 'leave', vpn)).to.equal(first);
    now = T + 30_000;
    const second = assertions.for('session-a', summary(), 'leave', vpn);
    expect(second).to.not.equal(first);
    expect(payloadOf(second)).to.include({ iat: (T + 30_000) / 1000, exp: (T + 30_000) / 1000 + 60 });
    // Whatever it is reused for, it still verifies then: never handed out with less than 30 s to live.
    expect(await new AssertionVerifier('leave', { gateway: keys.publicJwk }, { now: () => T + 29_999 }).verify(first)).to.deep.include({
      identity: person,
    });
  });

  it('is another for another service, session, zone, address, roles, agency or apps (permission), and says so', () => {
    const first = assertions.for('session-a', summary(), 'leave', vpn);
    const others = {
      service: assertions.for('session-a', summary(), 'approval', vpn),
      session: assertions.for('session-b', summary(), 'leave', vpn),
      zone: assertions.for('session-a', summary(), 'leave', { ...vpn, zone: 'intranet', zones: ['intranet', 'vpn'] }),
      address: assertions.for('session-a', summary(), 'leave', { ...vpn, address: '10.250.0.8' }),
      roles: assertions.for(
        'session-a',
        summary({ roles: [...summary().roles, { role: 'agency-admin', agencyId: 'KH-GUANGHUA-ES' }] }),
        'leave',
        vpn,
      ),
      agency: assertions.for('session-a', summary({ agencyId: 'KH-EDU' }), 'leave', vpn),
      apps: assertions.for('session-a', summary({ apps: ['webitr', 'webitr-edu'] }), 'leave', vpn),
    };
    for (const [what, token] of Object.entries(others)) expect(token, what).to.not.equal(first);
    expect(new Set(Object.values(others)).size).to.equal(Object.keys(others).length);
    expect(payloadOf(others.service)).to.include({ aud: 'approval' });
    expect(payloadOf(others.zone)).to.include({ zone: 'intranet' });
    expect(payloadOf(others.address)).to.include({ ip: '10.250.0.8' });
    expect(payloadOf(others.agency)).to.include({ agencyId: 'KH-EDU' });
    expect((payloadOf(others.roles)['roles'] as unknown[]).length).to.equal(2);
  });

  it('is dropped with its session, and with every session of a person the directory changed', () => {
    const a = assertions.for('session-a', summary(), 'leave', vpn);
    const b = assertions.for('session-b', summary(), 'leave', vpn);
    const other = assertions.for('session-c', summary({ id: 'P2' }), 'leave', vpn);
    invalidations.ended('session-a');
    expect(assertions.for('session-a', summary(), 'leave', vpn)).to.not.equal(a);
    expect(assertions.for('session-b', summary(), 'leave', vpn)).to.equal(b);
    invalidations.personChanged('P1');
    expect(assertions.for('session-b', summary(), 'leave', vpn)).to.not.equal(b);
    expect(assertions.for('session-c', summary({ id: 'P2' }), 'leave', vpn)).to.equal(other);
  });
});
