import { expect } from 'chai';
import { ApiClient, IdempotencyKeys } from '../src/web/api/client.ts';
import { ProblemError, fieldErrorsFor } from '../src/web/api/problem.ts';
import { isIdempotentCreate, routeOf } from '../src/web/api/routes.ts';
import { loadSession } from '../src/web/api/session.ts';

// The client's logic with a recording fetch in place of the network; the whole path through the gateway runs in gateway/test/browser.test.ts.
interface Sent {
  url: string;
  init: RequestInit;
}
function recorder(answer: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}
const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const headersOf = (s: Sent) => s.init.headers as Record<string, string>;

const problem = {
  type: 'urn:webitr:problem:validation',
  title: '輸入的資料有誤',
  status: 400,
  code: 'VALIDATION_FAILED',
  errors: [
    { field: 'body.reason', label: '事由', code: 'too_small', message: '請填寫事由' },
    { field: 'body.deputy.personId', code: 'NOT_ELIGIBLE', message: '此人不能擔任您的代理人' },
    { field: 'query.from', code: 'invalid', message: '起日格式錯誤' },
  ],
};

describe('the web app’s API client', () => {
  it('reads with the session cookie and asks for JSON, with no CSRF token or key on a read', async () => {
    const { sent, fetch } = recorder(() => json(200, { applications: 1 }));
    const api = new ApiClient({ fetch, isIdempotentCreate: () => true });
    api.csrfToken = 'T';
    expect(await api.get('/api/leave/records', { from: '2026-11-23', to: '2026-11-29', skip: undefined })).to.deep.equal({
      applications: 1,
    });
    expect(sent[0]!.url).to.equal('/api/leave/records?from=2026-11-23&to=2026-11-29');
    expect(sent[0]!.init.credentials).to.equal('same-origin');
    expect(headersOf(sent[0]!)).to.deep.equal({ accept: 'application/json' });
  });

  it('sends a file as the body with its type and the CSRF token, and a refusal of it as a problem (批次匯入)', async () => {
    let status = 200;
    const { sent, fetch } = recorder(() =>
      status === 200 ? json(200, { total: 1 }) : json(403, { code: 'ROLE_REQUIRED', title: '您沒有執行此項作業的權限' }),
    );
    const api = new ApiClient({ fetch, isIdempotentCreate: () => true });
    api.csrfToken = 'csrf-2';
    const file = new Blob(['身分證字號,姓名\r\n'], { type: 'text/csv' });
    expect(await api.postFile('/api/directory/agencies/A/people/import?dryRun=true', file, 'text/csv')).to.deep.equal({ total: 1 });
    expect(sent[0]!.init.body).to.equal(file);
    expect(headersOf(sent[0]!)).to.include({ 'content-type': 'text/csv', 'x-csrf-token': 'csrf-2' });
    status = 403;
    const refused = await api.postFile('/api/directory/agencies/A/people/import', file, 'text/csv').catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(ProblemError).and.include({ status: 403, code: 'ROLE_REQUIRED' });
  });

  it('sends the CSRF token from /api/me on writes, and an Idempotency-Key only on the creates the contracts mark idempotent', async () => {
    const { sent, fetch } = recorder(() => json(201, { id: 'F1' }));
    const api = new ApiClient({ fetch, isIdempotentCreate });
    api.csrfToken = 'csrf-1';
    await api.post('/api/leave/forms/leave', { reason: '家中有事' });
    await api.post('/api/leave/forms/F1/withdraw');
    await api.post('/api/leave/forms/leave', { reason: '家中有事' }, { idempotencyKey: 'key-of-this-action' });
    expect(headersOf(sent[0]!)['x-csrf-token']).to.equal('csrf-1');
    expect(headersOf(sent[0]!)['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(sent[0]!.init.body).to.equal('{"reason":"家中有事"}');
    expect(headersOf(sent[1]!)['x-csrf-token']).to.equal('csrf-1');
    expect(headersOf(sent[1]!)).to.not.have.property('idempotency-key');
    expect(headersOf(sent[2]!)['idempotency-key']).to.equal('key-of-this-action');
  });

  it('knows the idempotent creates from the route tables, behind the gateway’s prefixes', () => {
    expect(isIdempotentCreate('POST', '/api/leave/forms/leave')).to.equal(true);
    expect(isIdempotentCreate('post', '/api/leave/deputies?x=1')).to.equal(true);
    expect(isIdempotentCreate('POST', '/api/approvals/agencies/A1/flows')).to.equal(true);
    expect(isIdempotentCreate('POST', '/api/leave/forms/leave/quote')).to.equal(false);
    expect(isIdempotentCreate('PUT', '/api/leave/forms/F1')).to.equal(false);
    expect(routeOf('POST', '/api/leave/forms/F1/withdraw')?.operationId).to.equal('withdrawForm');
  });

  it('keeps one key per user action: the same while it is retried unchanged, a new one once changed or done', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor({ reason: 'a' });
    expect(keys.keyFor({ reason: 'a' })).to.equal(first);
    const changed = keys.keyFor({ reason: 'b' });
    expect(changed).to.not.equal(first);
    keys.done();
    expect(keys.keyFor({ reason: 'b' })).to.not.equal(changed);
  });

  it('turns a problem answer into a ProblemError with its code and words, and maps its fields onto the form’s', async () => {
    const { fetch } = recorder(() => json(400, problem, 'application/problem+json'));
    const error = await new ApiClient({ fetch }).get('/api/leave/x').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProblemError);
    const p = error as ProblemError;
    expect([p.status, p.code, p.title, p.retryable]).to.deep.equal([400, 'VALIDATION_FAILED', '輸入的資料有誤', false]);
    const { fields, unplaced } = fieldErrorsFor(p, ['reason', 'deputy.personId', 'location']);
    expect(fields).to.deep.equal([
      { name: 'reason', message: '請填寫事由' },
      { name: 'deputy.personId', message: '此人不能擔任您的代理人' },
    ]);
    expect(unplaced.map((e) => e.field)).to.deep.equal(['query.from']);
  });

  it('says 無法連線至差勤系統 when there is no answer, and a dependency down is worth retrying', async () => {
    const offline = new ApiClient({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    });
    const error = (await offline.get('/api/me').catch((e: unknown) => e)) as ProblemError;
    expect([error.code, error.title, error.retryable]).to.deep.equal(['NETWORK_ERROR', '無法連線至差勤系統', true]);
    const down = recorder(() =>
      json(503, { title: '資料庫暫時無法使用', status: 503, code: 'STORE_UNAVAILABLE' }, 'application/problem+json'),
    );
    const unavailable = (await new ApiClient({ fetch: down.fetch }).get('/api/x').catch((e: unknown) => e)) as ProblemError;
    expect([unavailable.code, unavailable.retryable]).to.deep.equal(['STORE_UNAVAILABLE', true]);
    // A proxy's HTML error page is still a problem, retryable by its status.
    const proxy = recorder(() => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const bad = (await new ApiClient({ fetch: proxy.fetch }).get('/api/x').catch((e: unknown) => e)) as ProblemError;
    expect([bad.status, bad.code, bad.retryable]).to.deep.equal([502, 'SERVICE_UNAVAILABLE', true]);
  });

  it('reports any 401 so the shell shows the signed-out view', async () => {
    const seen: string[] = [];
    const { fetch } = recorder(() => json(401, { title: '請先登入', status: 401, code: 'SESSION_EXPIRED' }, 'application/problem+json'));
    const api = new ApiClient({ fetch, onUnauthenticated: (p) => seen.push(p.code) });
    await api.get('/api/leave/home/counts').catch(() => undefined);
    expect(seen).to.deep.equal(['SESSION_EXPIRED']);
  });
});

describe('the session the shell shows', () => {
  const client = (answer: () => Response) => new ApiClient({ fetch: recorder(answer).fetch });

  it('is signed in with the person from /api/me, whose CSRF token the writes then carry', async () => {
    const { sent, fetch } = recorder(() => json(200, { id: 'P1', name: '陳怡君', csrfToken: 'tok' }));
    const api = new ApiClient({ fetch, isIdempotentCreate: () => false });
    const session = await loadSession(api);
    expect(session.kind).to.equal('signed-in');
    await api.post('/logout');
    expect(headersOf(sent[1]!)['x-csrf-token']).to.equal('tok');
  });

  it('is signed out on 401 (saying why when the session ended), refused on a refusal, and a retryable failure is thrown', async () => {
    expect(await loadSession(client(() => json(401, { code: 'UNAUTHENTICATED', title: '請先登入', status: 401 })))).to.deep.equal({
      kind: 'signed-out',
    });
    const expired = await loadSession(client(() => json(401, { code: 'SESSION_EXPIRED', title: '登入已逾時', status: 401 })));
    expect(expired.kind === 'signed-out' && expired.problem?.code).to.equal('SESSION_EXPIRED');
    const refused = await loadSession(
      client(() =>
        json(403, {
          code: 'NETWORK_ZONE_REQUIRED',
          title: '您目前的網路位置無法使用此功能',
          status: 403,
          requiredZones: ['vpn'],
          zone: 'internet',
        }),
      ),
    );
    expect(refused.kind === 'refused' && [refused.problem.code, refused.problem.network.requiredZones]).to.deep.equal([
      'NETWORK_ZONE_REQUIRED',
      ['vpn'],
    ]);
    const down = await loadSession(
      client(() => json(503, { code: 'SESSION_STORE_UNAVAILABLE', title: '暫時無法使用', status: 503 })),
    ).catch((e: unknown) => e);
    expect((down as ProblemError).code).to.equal('SESSION_STORE_UNAVAILABLE');
  });
});
