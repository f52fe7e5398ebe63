import { expect } from 'chai';
import { AssertionSigner, AssertionVerifier, generateIssuerKeys } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import { testAssertionKeys } from '@webitr/testkit';
import { Browser } from './support/browser.ts';
import { problemCode, signedIn } from './support/flows.ts';
import { NETWORK, directoryService, startEchoService, startWorld } from './support/world.ts';
import { PersonAssertionSigner } from '../src/assertions.ts';
import type { EchoService } from './support/world.ts';

describe('routing to the services: assertions, ids, header hygiene, CSRF', function () {
  this.timeout(60_000);
  let world: Awaited<ReturnType<typeof startWorld>>;
  let leave: EchoService;
  let approval: EchoService;
  let url: string;

  before(async () => {
    leave = await startEchoService('leave');
    approval = await startEchoService('approval');
    // Nothing listens on port 9 of 127.0.0.1: punch-card-ingest is down.
    world = await startWorld({
      services: { LEAVE_URL: leave.url, APPROVAL_URL: approval.url, PUNCH_CARD_INGEST_URL: 'http://127.0.0.1:9' },
    });
    url = world.gateway.url;
  });

  after(async () => {
    await world.close();
    await leave.server.close(1_000);
    await approval.server.close(1_000);
  });

  it('adds a signed assertion for the service (person, roles, agency, zone, address) and its own request and correlation ids, never the client’s', async () => {
    const { browser, me } = await signedIn(url, 'personnel');
    const answer = await browser.request(`${url}/api/leave/forms/42?year=113`, {
      headers: {
        'x-webitr-assertion': 'forged-by-the-client',
        'x-request-id': 'client-chosen',
        'x-correlation-id': 'client-chain',
        authorization: 'Bearer x',
      },
    });
    expect(answer.status, answer.body).to.equal(200);
    const seen = leave.seen.at(-1)!;
    expect(seen.path).to.equal('/forms/42?year=113');
    expect(seen.identity).to.deep.include({ kind: 'person', sub: me.id, agencyId: 'KH-GUANGHUA-ES', zone: 'vpn', ip: NETWORK.vpnClient });
    expect((seen.identity as { roles: unknown[] }).roles).to.deep.include({ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' });
    // The assertion the service got is the gateway's, for this service only, and says nothing of the request.
    const token = String(seen.headers['x-webitr-assertion']);
    expect(token).to.not.equal('forged-by-the-client');
    const { trusted } = await testAssertionKeys();
    const verified = await new AssertionVerifier('leave', trusted).verify(token);
    expect(verified).to.deep.equal({ identity: seen.identity });
    const otherService = await new AssertionVerifier('approval', trusted).verify(token).then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );
    expect(otherService).to.equal('ASSERTION_INVALID');
    // Ids: the gateway's (not the client's), in the headers it sets; the service's request context and the response carry them.
    expect(seen.headers['x-request-id'])
      .to.match(/^[0-9a-f-]{36}$/)
      .and.not.equal('client-chosen');
    expect(seen.headers['x-correlation-id']).to.equal(seen.headers['x-request-id']);
    expect(seen.ids).to.deep.equal({ requestId: seen.headers['x-request-id'], correlationId: seen.headers['x-correlation-id'] });
    expect(answer.header('x-request-id')).to.equal(seen.ids.requestId);
    // Nothing of the browser's credentials reaches the service, nothing of the service's cookies reaches the browser.
    expect(seen.headers).to.not.have.any.keys('cookie', 'authorization', 'x-csrf-token', 'x-forwarded-for');
    expect(answer.headers['set-cookie'] ?? []).to.have.length(0);
  });

  it('reuses the session’s assertion for a service across requests, each request with its own ids; another service gets its own', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const { trusted } = await testAssertionKeys();
    await browser.request(`${url}/api/leave/forms/a`, { headers: { 'x-request-id': 'client-a' } });
    await browser.request(`${url}/api/leave/forms/b`, { headers: { 'x-request-id': 'client-b' } });
    await browser.request(`${url}/api/approvals/cases/c`);
    const [a, b] = leave.seen.slice(-2);
    const c = approval.seen.at(-1)!;
    expect([a!.path, b!.path]).to.deep.equal(['/forms/a', '/forms/b']);
    // One assertion: signed once for this session, this service and this network.
    expect(a!.headers['x-webitr-assertion']).to.equal(b!.headers['x-webitr-assertion']);
    await new AssertionVerifier('leave', trusted).verify(String(a!.headers['x-webitr-assertion']));
    // Two requests: two ids, the gateway's, what each request was logged under at the service.
    expect(a!.ids.requestId).to.not.equal(b!.ids.requestId);
    expect([a!.ids.requestId, b!.ids.requestId]).to.deep.equal([a!.headers['x-request-id'], b!.headers['x-request-id']]);
    expect([a!.ids.requestId, b!.ids.requestId]).to.not.include.members(['client-a', 'client-b']);
    // Another service: an assertion for that audience.
    expect(c.headers['x-webitr-assertion']).to.not.equal(a!.headers['x-webitr-assertion']);
    expect((await new AssertionVerifier('approval', trusted).verify(String(c.headers['x-webitr-assertion']))).identity.sub).to.equal(
      a!.identity.sub,
    );
  });

  it('a service takes the ids an assertion signed for one call (another service’s) over the headers; without signed ids, the headers’', async () => {
    const { privateJwk } = await testAssertionKeys();
    const identity: PersonIdentity = { kind: 'person', sub: 'P1', agencyId: 'KH-GUANGHUA-ES', roles: [], zone: 'intranet' };
    const signedIds = await new AssertionSigner('gateway', privateJwk).sign(
      { ...identity, rid: 'signed-request', cid: 'signed-chain' },
      'leave',
    );
    const answer = await new Browser().request(`${leave.url}/ids`, {
      headers: { 'x-webitr-assertion': signedIds, 'x-request-id': 'forged-request', 'x-correlation-id': 'forged-chain' },
    });
    expect(answer.status, answer.body).to.equal(200);
    expect(leave.seen.at(-1)!.ids).to.deep.equal({ requestId: 'signed-request', correlationId: 'signed-chain' });
    expect(answer.header('x-request-id')).to.equal('signed-request');
    const noIds = new PersonAssertionSigner('gateway', privateJwk).sign(identity, 'leave');
    const second = await new Browser().request(`${leave.url}/ids`, {
      headers: { 'x-webitr-assertion': noIds, 'x-request-id': 'gw-request', 'x-correlation-id': 'gw-chain' },
    });
    expect(second.status, second.body).to.equal(200);
    expect(leave.seen.at(-1)!.ids).to.deep.equal({ requestId: 'gw-request', correlationId: 'gw-chain' });
  });

  it('forwards an allow-list of request headers: the listed ones reach the service, nothing else a client sends does', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const listed = {
      'content-type': 'application/json',
      'content-encoding': 'identity',
      accept: 'application/json',
      'accept-language': 'zh-TW',
      'if-match': '"v3"',
      'if-none-match': '"v2"',
      'if-modified-since': 'Tue, 01 Jul 2025 00:00:00 GMT',
      'if-unmodified-since': 'Wed, 02 Jul 2025 00:00:00 GMT',
      'idempotency-key': 'form-2025-07-01-0001',
    };
    const unknown = {
      'x-forwarded-user': 'school-admin',
      'x-webitr-person': 'P1',
      authorization: 'Bearer x',
      'x-forwarded-host': 'evil.example',
      forwarded: 'for=10.1.2.3',
      'x-real-ip': '10.1.2.3',
      'user-agent': 'curl/8',
      origin: 'https://evil.example',
      'x-made-up': 'anything',
    };
    const body = JSON.stringify({ reason: '事假' });
    const answer = await browser.request(`${url}/api/leave/forms/leave`, {
      method: 'POST',
      body,
      headers: { ...listed, ...unknown, 'content-length': String(Buffer.byteLength(body)), 'x-csrf-token': me.csrfToken },
    });
    expect(answer.status, answer.body).to.equal(200);
    const seen = leave.seen.at(-1)!;
    expect(seen.body).to.equal(body);
    expect(seen.headers).to.include({ ...listed, 'content-length': String(Buffer.byteLength(body)) });
    // Besides those: only what the gateway sets itself (the service's host, its connection, the assertion, the ids and the public path).
    const gatewaySet = ['host', 'connection', 'x-webitr-assertion', 'x-request-id', 'x-correlation-id', 'x-webitr-public-path'];
    expect(
      Object.keys(seen.headers).filter((name) => !(name in listed) && name !== 'content-length' && !gatewaySet.includes(name)),
    ).to.deep.equal([]);
    expect(seen.headers).to.not.have.any.keys(...Object.keys(unknown), 'cookie', 'x-csrf-token', 'x-forwarded-for', 'x-forwarded-proto');
  });

  it('passes a write with the CSRF token and its body on', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const answer = await browser.request(`${url}/api/approvals/decisions/batch`, {
      method: 'POST',
      json: { decision: 'approve' },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(answer.status, answer.body).to.equal(200);
    expect(approval.seen.at(-1)).to.deep.include({
      method: 'POST',
      path: '/decisions/batch',
      body: JSON.stringify({ decision: 'approve' }),
    });
  });

  it('streams a body through as it was framed: chunked (whatever the method) or with its length', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const chunked = await browser.request(`${url}/api/leave/deputies/7`, {
      method: 'DELETE',
      body: JSON.stringify({ reason: '撤回' }),
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'x-csrf-token': me.csrfToken },
    });
    expect(chunked.status, chunked.body).to.equal(200);
    expect(leave.seen.at(-1)).to.deep.include({ method: 'DELETE', path: '/deputies/7', body: JSON.stringify({ reason: '撤回' }) });
    const text = JSON.stringify({ decision: 'approve', note: '同意'.repeat(5_000) });
    const sized = await browser.request(`${url}/api/approvals/agencies/KH-GUANGHUA-ES/flows/f7`, {
      method: 'PUT',
      body: text,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), 'x-csrf-token': me.csrfToken },
    });
    expect(sized.status, sized.body).to.equal(200);
    expect(approval.seen.at(-1)).to.deep.include({ method: 'PUT', body: text });
    expect(approval.seen.at(-1)!.headers).to.include({ 'content-length': String(Buffer.byteLength(text)) });
  });

  it('refuses a cookie-authenticated write without the CSRF token (CSRF_TOKEN_MISSING) or with a wrong one (CSRF_TOKEN_INVALID), before the service sees it', async () => {
    const { browser } = await signedIn(url, 'teacher');
    const other = await signedIn(url, 'director');
    const before = approval.seen.length;
    const missing = await browser.request(`${url}/api/approvals/decisions/batch`, { method: 'POST', json: {} });
    expect(missing.status).to.equal(403);
    expect(problemCode(missing)).to.equal('CSRF_TOKEN_MISSING');
    const wrong = await browser.request(`${url}/api/approvals/agencies/KH-GUANGHUA-ES/flows/f1`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': 'x'.repeat(64) },
    });
    expect(problemCode(wrong)).to.equal('CSRF_TOKEN_INVALID');
    // Another session's token, even with its cookie half, is bound to that session.
    const csrfCookie = (await other.browser.cookie(url, '__Host-webitr.csrf'))!;
    await browser.jar.setCookie(`__Host-webitr.csrf=${csrfCookie}; Path=/; Secure; HttpOnly`, url);
    const stolen = await browser.request(`${url}/api/approvals/agencies/KH-GUANGHUA-ES/flow-groups/g1`, {
      method: 'PUT',
      json: {},
      headers: { 'x-csrf-token': other.me.csrfToken },
    });
    expect(problemCode(stolen)).to.equal('CSRF_TOKEN_INVALID');
    expect(approval.seen.length).to.equal(before);
    const [entry] = await world.gateway.gateway.audit.model.find({ type: 'refused', reason: 'CSRF_TOKEN_INVALID' }).lean().exec();
    expect(entry).to.include({ zone: 'vpn', method: 'DELETE' });
  });

  it('refuses a request without a session (UNAUTHENTICATED) and never forwards it', async () => {
    const before = leave.seen.length;
    const answer = await Browser.behindProxy(NETWORK.vpnClient).request(`${url}/api/leave/forms`);
    expect(answer.status).to.equal(401);
    expect(problemCode(answer)).to.equal('UNAUTHENTICATED');
    expect(leave.seen.length).to.equal(before);
  });

  it('never exposes a service’s internal API, in any spelling', async () => {
    const { browser } = await signedIn(url, 'teacher');
    for (const path of [
      '/api/directory/internal/people/lookup',
      '/api/directory/INTERNAL/people/lookup',
      '/api/directory/Internal/people/lookup',
    ]) {
      const answer = await browser.request(`${url}${path}`, { method: 'POST', json: { by: 'email', email: 'teacher@guanghua.demo' } });
      expect(answer.status, path).to.equal(404);
      expect(problemCode(answer)).to.equal('ROUTE_NOT_FOUND');
    }
  });

  it('forwards only the operations the route tables publish: another path or method is 404 and never reaches the service', async () => {
    const { browser, me } = await signedIn(url, 'teacher');
    const before = leave.seen.length;
    for (const [method, path] of [
      ['GET', '/api/leave/ping'],
      ['GET', '/api/leave'],
      ['POST', '/api/leave/forms'],
      ['DELETE', '/api/leave/forms/1'],
      ['GET', '/api/leave/forms/1/anything'],
    ]) {
      const answer = await browser.request(`${url}${path}`, { method, headers: { 'x-csrf-token': me.csrfToken } });
      expect(answer.status, `${method} ${path}`).to.equal(404);
      expect(problemCode(answer)).to.equal('ROUTE_NOT_FOUND');
    }
    expect(leave.seen.length).to.equal(before);
  });

  it('tells the service the URL the client called, and a service’s problem names it as its instance (a client’s own header is replaced)', async () => {
    const { browser } = await signedIn(url, 'personnel');
    await browser.request(`${url}/api/leave/forms/42?year=113`, { headers: { 'x-webitr-public-path': '/somewhere/else' } });
    expect(leave.seen.at(-1)!.headers['x-webitr-public-path']).to.equal('/api/leave/forms/42?year=113');
    // The real directory behind the gateway: its 404 is about the URL the client called.
    const missing = await browser.request(`${url}/api/directory/people/no-such-person`, { headers: { 'x-webitr-public-path': '/forged' } });
    expect(missing.status, missing.body).to.equal(404);
    expect(missing.json()).to.include({ code: 'PERSON_NOT_FOUND', instance: '/api/directory/people/no-such-person' });
    const noRoute = await browser.request(`${url}/api/directory/no-such-route`);
    expect(noRoute.json()).to.include({
      code: 'ROUTE_NOT_FOUND',
      instance: '/api/directory/no-such-route',
      detail: '沒有這個網址：GET /api/directory/no-such-route',
    });
  });

  it('answers 502 SERVICE_UNREACHABLE when a service is down', async () => {
    // Web punching from the school's own network: punch-card-ingest points at a port nothing listens on.
    const { browser, me } = await signedIn(url, 'teacher', { clientAddress: NETWORK.guanghuaOnsite });
    const answer = await browser.request(`${url}/api/attendance/web-punches`, {
      method: 'POST',
      json: {},
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(answer.status).to.equal(502);
    expect(problemCode(answer)).to.equal('SERVICE_UNREACHABLE');
  });

  it('a service called directly, without the gateway, refuses: no assertion (ASSERTION_MISSING), a forged one (ASSERTION_INVALID)', async () => {
    const direct = await new Browser().request(`${leave.url}/forms`, { headers: { 'x-webitr-person': 'P1' } });
    expect(direct.status).to.equal(401);
    expect(problemCode(direct)).to.equal('ASSERTION_MISSING');
    const attacker = await generateIssuerKeys();
    const forged = await new AssertionSigner('gateway', attacker.privateJwk).sign(
      {
        kind: 'person',
        sub: 'P1',
        agencyId: 'KH-GUANGHUA-ES',
        roles: [{ role: 'system-admin', agencyId: 'KH-GUANGHUA-ES' }],
        zone: 'intranet',
      },
      'leave',
    );
    const withForged = await new Browser().request(`${leave.url}/forms`, { headers: { 'x-webitr-assertion': forged } });
    expect(problemCode(withForged)).to.equal('ASSERTION_INVALID');
    // The real directory, too.
    const directory = await new Browser().request(`${(await directoryService()).url}/people/anyone`);
    expect(directory.status).to.equal(401);
    expect(problemCode(directory)).to.equal('ASSERTION_MISSING');
  });
});
