import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, importJWK } from 'jose';
import type { JWK } from 'jose';
import type { IdentityClaims } from '@webitr/contracts';
import { runInContext } from '../context.ts';
import { UnauthenticatedError } from '../errors.ts';
import { AssertionSigner, AssertionVerifier, generateIssuerKeys } from './assertion.ts';

const teacher: IdentityClaims = {
  kind: 'person',
  sub: 'P001',
  agencyId: 'KH-SCHOOL-1',
  roles: [{ role: 'employee', agencyId: 'KH-SCHOOL-1' }],
  zone: 'vpn',
};

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

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

  it('carries the person, roles, zone and the request and correlation ids from the gateway to the service', async () => {
    const token = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(
      { ...teacher, rid: 'req-1', cid: 'corr-1' },
      'directory',
    );
    expect(payloadOf(token)).to.include({ rid: 'req-1', cid: 'corr-1' });
    expect(await verifier.verify(token)).to.deep.equal({ identity: teacher, requestId: 'req-1', correlationId: 'corr-1' });
  });

  it('signs the ids of the work in progress when none are given, or fresh ones outside any work', async () => {
    const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk);
    const inWork = await runInContext({ requestId: 'req-7', correlationId: 'chain-7' }, () => signer.sign(teacher, 'directory'));
    expect(await verifier.verify(inWork)).to.deep.include({ requestId: 'req-7', correlationId: 'chain-7' });
    const outside = await verifier.verify(await signer.sign(teacher, 'directory'));
    expect(outside.requestId).to.match(/^[0-9a-f-]{36}$/);
    expect(outside.correlationId).to.equal(outside.requestId);
  });

  it('signs each call’s own ids: no assertion is reused for another request of the same caller', async () => {
    const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk);
    const first = await signer.sign({ ...teacher, rid: 'r1', cid: 'c1' }, 'directory');
    const second = await signer.sign({ ...teacher, rid: 'r2', cid: 'c1' }, 'directory');
    expect(payloadOf(first)).to.include({ rid: 'r1' });
    expect(payloadOf(second)).to.include({ rid: 'r2' });
  });

  it('lets a trusted service assert itself', async () => {
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign({ kind: 'service', sub: 'service:leave' }, 'directory');
    expect((await verifier.verify(token)).identity.sub).to.equal('service:leave');
  });

  it('accepts an assertion with no ids at all (the gateway’s, reused across requests), and refuses one with only one id or ids that are not ids (ASSERTION_INVALID)', async () => {
    const { sub, ...claims } = teacher;
    const key = await importJWK(gatewayKeys.privateJwk, 'ES256');
    const signed = (ids: Record<string, unknown>) =>
      new SignJWT({ ...claims, ...ids })
        .setProtectedHeader({ alg: 'ES256', kid: 'gateway' })
        .setIssuer('gateway')
        .setSubject(sub)
        .setAudience('directory')
        .setIssuedAt()
        .setExpirationTime('60s')
        .sign(key);
    expect(await verifier.verify(await signed({ rid: 'r', cid: 'c' }))).to.deep.include({ requestId: 'r' });
    // Neither id: who is calling, and nothing about the request (its ids are the headers the gateway sets).
    expect(await verifier.verify(await signed({}))).to.deep.equal({ identity: teacher });
    for (const ids of [{ rid: 'r' }, { cid: 'c' }, { rid: 'bad id\n', cid: 'c' }, { rid: 'r', cid: 7 }, { rid: null, cid: null }]) {
      expect((await refusal(verifier.verify(await signed(ids)))).code, JSON.stringify(ids)).to.equal('ASSERTION_INVALID');
    }
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

  it('accepts a device call asserted by the gateway and refuses one asserted by anyone else', async () => {
    const device = { kind: 'device' as const, sub: 'device:unverified' as const, zones: ['onsite-a1', 'intranet'], ip: '10.1.2.3' };
    const ok = await verifier.verify(await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(device, 'directory'));
    expect(ok.identity).to.deep.equal(device);
    const token = await new AssertionSigner('leave', leaveKeys.privateJwk).sign(device, 'directory');
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
    const token = await new SignJWT({ ...claims, rid: 'r', cid: 'c' })
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
      Buffer.from(
        JSON.stringify({
          ...claims,
          rid: 'r',
          cid: 'c',
          sub,
          iss: 'gateway',
          aud: 'directory',
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + 60,
        }),
      ).toString('base64url'),
      '',
    ].join('.');
    expect((await refusal(verifier.verify(none))).code).to.equal('ASSERTION_INVALID');
  });

  describe('the JWS checks', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const gatewayKey = () => importJWK(gatewayKeys.privateJwk, 'ES256');
    /** A token as a signer would make it, with the header and times the test chooses. */
    async function token(header: Record<string, unknown>, times: { iat: number; exp: number }, key?: Uint8Array) {
      const { sub, ...claims } = teacher;
      return new SignJWT({ ...claims, rid: 'r', cid: 'c' })
        .setProtectedHeader(header as { alg: string })
        .setIssuer('gateway')
        .setSubject(sub)
        .setAudience('directory')
        .setIssuedAt(times.iat)
        .setExpirationTime(times.exp)
        .sign(key ?? (await gatewayKey()));
    }

    it('accepts what a signer makes, with the clock a little off', async () => {
      const verified = await verifier.verify(await token({ alg: 'ES256', kid: 'gateway' }, { iat: now() + 3, exp: now() + 63 }));
      expect(verified.identity.sub).to.equal('P001');
    });

    it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(gatewayKeys.publicJwk));
      const hs = await token({ alg: 'HS256', kid: 'gateway' }, { iat: now(), exp: now() + 60 }, secret);
      expect((await refusal(verifier.verify(hs))).code).to.equal('ASSERTION_INVALID');
    });

    it('refuses a header with anything it does not understand (crit, jku)', async () => {
      // Signed by hand: jose itself refuses to write a crit it does not know.
      const key = createPrivateKey({ key: gatewayKeys.privateJwk as never, format: 'jwk' });
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const { sub, ...claims } = teacher;
      const payload = part({ ...claims, rid: 'r', cid: 'c', sub, iss: 'gateway', aud: 'directory', iat: now(), exp: now() + 60 });
      const signed = (header: unknown) => {
        const input = `${part(header)}.${payload}`;
        return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
      };
      await verifier.verify(signed({ alg: 'ES256', kid: 'gateway' }));
      for (const extra of [{ crit: ['x-must-understand'], 'x-must-understand': true }, { jku: 'https://evil.example/keys' }]) {
        const t = signed({ alg: 'ES256', kid: 'gateway', ...extra });
        expect((await refusal(verifier.verify(t))).code).to.equal('ASSERTION_INVALID');
      }
    });

    it('refuses a token issued in the future, or longer ago than an assertion lives even if its exp says otherwise', async () => {
      const future = await token({ alg: 'ES256', kid: 'gateway' }, { iat: now() + 120, exp: now() + 180 });
      const old = await token({ alg: 'ES256', kid: 'gateway' }, { iat: now() - 300, exp: now() + 300 });
      expect((await refusal(verifier.verify(future))).code).to.equal('ASSERTION_INVALID');
      expect((await refusal(verifier.verify(old))).code).to.equal('ASSERTION_INVALID');
    });

    it('will not start with a trusted key that is not P-256, so "ES256" cannot mean another algorithm', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as JWK;
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'jwk' }) as JWK;
      expect(() => new AssertionVerifier('directory', { gateway: rsa })).to.throw(/gateway.*ES256/);
      expect(() => new AssertionVerifier('directory', { gateway: p384 })).to.throw(/gateway.*ES256/);
    });

    it('refuses a second spelling of a valid signature, and what is not a compact JWS at all', async () => {
      const good = await token({ alg: 'ES256', kid: 'gateway' }, { iat: now(), exp: now() + 60 });
      await verifier.verify(good);
      const [header, payload, signature] = good.split('.');
      // Base64url of 64 bytes ends in a character carrying 4 unused bits: changing them spells the same bytes.
      const last = signature!.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const sibling = alphabet[(alphabet.indexOf(last) & ~0b1111) | ((alphabet.indexOf(last) + 1) & 0b1111)]!;
      expect(Buffer.from(signature!.slice(0, -1) + sibling, 'base64url').equals(Buffer.from(signature!, 'base64url'))).to.equal(true);
      for (const bad of [
        `${header}.${payload}.${signature!.slice(0, -1)}${sibling}`,
        `${header}.${payload}`,
        'not-a-token',
        `${header}.%%%.${signature}`,
        `..`,
      ]) {
        expect((await refusal(verifier.verify(bad))).code).to.equal('ASSERTION_INVALID');
      }
    });
  });
});
