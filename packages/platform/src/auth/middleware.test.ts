import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { JWK } from 'jose';
import type { IdentityClaims } from '@webitr/contracts';
import { currentContext } from '../context.ts';
import { createLogger } from '../logger.ts';
import { createHttpApp } from '../http/app.ts';
import { listen } from '../http/server.ts';
import type { RunningServer } from '../http/server.ts';
import { ASSERTION_HEADER, AssertionIssuer, AssertionSigner, AssertionVerifier, generateIssuerKeys } from './assertion.ts';
import { identityOf, requireAssertion } from './middleware.ts';

const teacher: IdentityClaims = { kind: 'person', sub: 'P001', agencyId: 'KH-SCHOOL-1', roles: [], zone: 'vpn' };

describe('requireAssertion: the request is known by the ids its assertion signed, or by the gateway’s headers when it signed none', () => {
  let server: RunningServer;
  let keys: { privateJwk: JWK; publicJwk: JWK };
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    keys = await generateIssuerKeys();
    const destination = new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c)) as Record<string, unknown>), done()) });
    const logger = createLogger({ service: 'test', destination });
    const app = createHttpApp({
      service: 'directory',
      logger,
      readiness: [],
      routes: (app) => {
        app.use(requireAssertion(new AssertionVerifier('directory', { gateway: keys.publicJwk })));
        app.get('/whoami', (_req, res) => {
          logger.info('in the route');
          res.json({ identity: identityOf(res), context: currentContext() });
        });
      },
    });
    server = await listen(app, 0);
  });

  after(() => server.close(1_000));

  it('takes the request and correlation ids from the verified assertion, not from the headers, for the route, its log lines, the access log and the answer', async () => {
    const token = await new AssertionSigner('gateway', keys.privateJwk).sign(
      { ...teacher, rid: 'signed-req', cid: 'signed-chain' },
      'directory',
    );
    const res = await fetch(`${server.url}/whoami`, {
      headers: { [ASSERTION_HEADER]: token, 'x-request-id': 'forged-req', 'x-correlation-id': 'forged-chain' },
    });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { identity: IdentityClaims; context: unknown };
    expect(body.identity).to.deep.equal(teacher);
    expect(body.context).to.deep.equal({ requestId: 'signed-req', correlationId: 'signed-chain' });
    expect(res.headers.get('x-request-id')).to.equal('signed-req');
    await new Promise((resolve) => setImmediate(resolve));
    const route = lines.find((l) => l['msg'] === 'in the route');
    const access = lines.find((l) => l['msg'] === 'request completed' && (l['req'] as { url: string }).url === '/whoami');
    expect(route).to.include({ requestId: 'signed-req', correlationId: 'signed-chain' });
    expect(access).to.include({ requestId: 'signed-req', correlationId: 'signed-chain' });
    expect(JSON.stringify(lines)).to.not.contain('forged-');
  });

  it('keeps the request’s header ids when the assertion carries none (the gateway’s, reused across requests): for the route, its log lines, the access log and the answer', async () => {
    // As the gateway signs them: who, for this service, no request ids; the ids go in the headers it sets.
    const token = new AssertionIssuer('gateway', keys.privateJwk).sign({ ...teacher }, 'directory', Math.floor(Date.now() / 1000));
    for (const n of [1, 2]) {
      const res = await fetch(`${server.url}/whoami`, {
        headers: { [ASSERTION_HEADER]: token, 'x-request-id': `gw-req-${n}`, 'x-correlation-id': `gw-chain-${n}` },
      });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { identity: IdentityClaims; context: unknown };
      expect(body.identity).to.deep.equal(teacher);
      expect(body.context).to.deep.equal({ requestId: `gw-req-${n}`, correlationId: `gw-chain-${n}` });
      expect(res.headers.get('x-request-id')).to.equal(`gw-req-${n}`);
      await new Promise((resolve) => setImmediate(resolve));
      const route = lines.filter((l) => l['msg'] === 'in the route').at(-1);
      const access = lines.filter((l) => l['msg'] === 'request completed' && (l['req'] as { url: string }).url === '/whoami').at(-1);
      expect(route).to.include({ requestId: `gw-req-${n}`, correlationId: `gw-chain-${n}` });
      expect(access).to.include({ requestId: `gw-req-${n}`, correlationId: `gw-chain-${n}` });
    }
  });
});
