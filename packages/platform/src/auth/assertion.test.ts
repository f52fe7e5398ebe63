import { expect } from 'chai';
import { SignJWT, importJWK } from 'jose';
import type { JWK } from 'jose';
import type { IdentityClaims } from '@webitr/contracts';
import { UnauthenticatedError } from '../errors.ts';
import { AssertionSigner, AssertionVerifier, generateIssuerKeys } from './assertion.ts';

const teacher: IdentityClaims = {
  kind: 'person',
  sub: 'P001',
  agencyId: 'KH-SCHOOL-1',
  roles: [{ role: 'employee', agencyId: 'KH-SCHOOL-1' }],
  zone: 'vpn',
};

async function refusal(promise: Promise<unknown>): Promise<UnauthenticatedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(UnauthenticatedError);
  return error as UnauthenticatedError;
}

describe('identity assertions', () => {
  let gatewayKeys: { privateJwk: JWK; publicJwk: JWK };
  let leaveKeys: { privateJwk: JWK; publicJwk: JWK };
  let verifier: AssertionVerifier;

  before(async () => {
    gatewayKeys = await generateIssuerKeys();
    leaveKeys = await generateIssuerKeys();
    verifier = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk, leave: leaveKeys.publicJwk });
  });

  it('carries the person, roles and zone from the gateway to the service', async () => {
    const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(teacher, 'directory');
    expect(await verifier.verify(token)).to.deep.equal(teacher);
  });

  it('lets a trusted service assert itself', async () => {
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign({ kind: 'service', sub: 'service:leave' }, 'directory');
    expect((await verifier.verify(token)).sub).to.equal('service:leave');
  });

  it('refuses a missing assertion with ASSERTION_MISSING', async () => {
    expect((await refusal(verifier.verify(undefined))).code).to.equal('ASSERTION_MISSING');
  });

  it('refuses an assertion for another service (audience)', async () => {
    const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(teacher, 'leave');
    expect((await refusal(verifier.verify(token))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses a person asserted by anyone but the gateway', async () => {
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign(teacher, 'directory');
    expect((await refusal(verifier.verify(token))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses a service claiming to be another service', async () => {
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign({ kind: 'service', sub: 'service:approval' }, 'directory');
    expect((await refusal(verifier.verify(token))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses a key it does not trust, even under a trusted name', async () => {
    const stranger = await generateIssuerKeys();
    const token = await new AssertionSigner('gateway', stranger.privateJwk).sign(teacher, 'directory');
    expect((await refusal(verifier.verify(token))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses an expired assertion', async () => {
    const { sub, ...claims } = teacher;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'gateway' })
      .setIssuer('gateway')
      .setSubject(sub)
      .setAudience('directory')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 540)
      .sign(await importJWK(gatewayKeys.privateJwk, 'ES256'));
    expect((await refusal(verifier.verify(token))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses a tampered assertion', async () => {
    const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(teacher, 'directory');
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.roles = [{ role: 'system-admin', agencyId: 'KH-SCHOOL-1' }];
    const tampered = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
    expect((await refusal(verifier.verify(tampered))).code).to.equal('ASSERTION_INVALID');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const { sub, ...claims } = teacher;
    const none = [
      Buffer.from(JSON.stringify({ alg: 'none', kid: 'gateway' })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...claims, sub, iss: 'gateway', aud: 'directory', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url'),
      '',
    ].join('.');
    expect((await refusal(verifier.verify(none))).code).to.equal('ASSERTION_INVALID');
  });
  describe('reuse and memory', () => {
    const T = Date.parse('2026-03-02T08:00:00Z');
    let now = T;
    const clock = { now: () => now };
    const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    beforeEach(() => {
      now = T;
    });

    it('signs the same assertion for the same claims and audience until half its life is gone, then a fresh one', async () => {
      const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk, clock);
      const first = await signer.sign(teacher, 'directory');
      now = T + 29_000;
      expect(await signer.sign(teacher, 'directory')).to.equal(first);
      now = T + 30_000;
      const second = await signer.sign(teacher, 'directory');
      expect(second).to.not.equal(first);
      expect(payloadOf(second)).to.include({ iat: (T + 30_000) / 1000, exp: (T + 90_000) / 1000 });
    });

    it('signs another assertion for other claims or another audience', async () => {
      const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk, clock);
      const first = await signer.sign(teacher, 'directory');
      expect(await signer.sign(teacher, 'leave')).to.not.equal(first);
      expect(await signer.sign({ ...teacher, zone: 'intranet' }, 'directory')).to.not.equal(first);
      expect(await signer.sign({ ...teacher, roles: [...teacher.roles, { role: 'agency-admin', agencyId: 'KH-SCHOOL-1' }] }, 'directory')).to.not.equal(first);
    });

    it('leaves request and correlation ids out of the token (they travel in headers)', async () => {
      const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign({ ...teacher, rid: 'req-1', cid: 'corr-1' }, 'directory');
      expect(payloadOf(token)).to.not.have.any.keys('rid', 'cid');
      expect(await verifier.verify(token)).to.deep.equal(teacher);
    });

    it('remembers a verified token until it expires, never longer: then verifies it again, and refuses it once expired', async () => {
      const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk, clock);
      const memory = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk }, clock);
      const token = await signer.sign(teacher, 'directory');
      const first = await memory.verify(token);
      now = T + 59_000;
      expect(await memory.verify(token)).to.equal(first);
      // Past exp (still inside the 5 s clock tolerance): verified afresh, not answered from memory.
      now = T + 60_000;
      const again = await memory.verify(token);
      expect(again).to.not.equal(first);
      expect(again).to.deep.equal(teacher);
      now = T + 66_000;
      expect((await refusal(memory.verify(token))).code).to.equal('ASSERTION_INVALID');
    });

    it('remembers a token no longer than the 60 s lifetime, whatever exp it claims', async () => {
      const memory = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk }, clock);
      const { sub, ...claims } = teacher;
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'gateway' })
        .setIssuer('gateway')
        .setSubject(sub)
        .setAudience('directory')
        .setIssuedAt(T / 1000)
        .setExpirationTime(T / 1000 + 3_600)
        .sign(await importJWK(gatewayKeys.privateJwk, 'ES256'));
      const first = await memory.verify(token);
      now = T + 61_000;
      expect(await memory.verify(token)).to.not.equal(first);
      now = T + 71_000;
      expect((await refusal(memory.verify(token))).code).to.equal('ASSERTION_INVALID');
    });

    it('refuses a tampered copy of a remembered token, and the token at another service', async () => {
      const memory = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk }, clock);
      const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk, clock).sign(teacher, 'directory');
      await memory.verify(token);
      const [header, payload, signature] = token.split('.');
      const forged = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: [{ role: 'system-admin', agencyId: 'KH-SCHOOL-1' }] };
      expect((await refusal(memory.verify([header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.')))).code).to.equal('ASSERTION_INVALID');
      expect((await refusal(memory.verify(`${token.slice(0, -2)}AA`))).code).to.equal('ASSERTION_INVALID');
      expect((await refusal(new AssertionVerifier('leave', { gateway: gatewayKeys.publicJwk }, clock).verify(token))).code).to.equal('ASSERTION_INVALID');
    });

    it('never remembers a refusal: a person asserted by a service stays refused', async () => {
      const memory = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk, leave: leaveKeys.publicJwk }, clock);
      const token = await new AssertionSigner('leave', leaveKeys.privateJwk, clock).sign(teacher, 'directory');
      expect((await refusal(memory.verify(token))).code).to.equal('ASSERTION_INVALID');
      expect((await refusal(memory.verify(token))).code).to.equal('ASSERTION_INVALID');
    });

    it('hands out claims nobody can change (every request with the token shares them)', async () => {
      const memory = new AssertionVerifier('directory', { gateway: gatewayKeys.publicJwk }, clock);
      const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk, clock).sign(teacher, 'directory');
      const claims = await memory.verify(token);
      if (claims.kind !== 'person') throw new Error('expected a person');
      expect(() => claims.roles.push({ role: 'system-admin', agencyId: 'KH-SCHOOL-1' })).to.throw(TypeError);
      expect(() => Object.assign(claims, { sub: 'P999' })).to.throw(TypeError);
      expect(await memory.verify(token)).to.deep.equal(teacher);
    });
  });
});
