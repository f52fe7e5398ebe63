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
  rid: 'req-1',
  cid: 'req-1',
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

  it('carries the person, roles, zone and request id from the gateway to the service', async () => {
    const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(teacher, 'directory');
    expect(await verifier.verify(token)).to.deep.equal(teacher);
  });

  it('lets a trusted service assert itself', async () => {
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign({ kind: 'service', sub: 'service:leave', rid: 'r', cid: 'c' }, 'directory');
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
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign({ kind: 'service', sub: 'service:approval', rid: 'r', cid: 'c' }, 'directory');
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
});
