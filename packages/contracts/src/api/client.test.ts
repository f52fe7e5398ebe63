import { expect } from 'chai';
import { z } from 'zod';
import { approvalInternalApi } from './approval.ts';
import { apiTable, createApiClient } from './client.ts';
import { directoryInternalApi } from './directory.ts';
import type { ApiTransport } from './client.ts';

/** A transport that records each call and answers what the test gives it. */
function recording(answer: unknown) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const transport: ApiTransport = {
    request: async (method, path, body) => {
      calls.push(body === undefined ? { method, path } : { method, path, body });
      return answer;
    },
  };
  return { calls, transport };
}

const unit = { id: 'U1', agencyId: 'A1', name: '人事室', headId: 'P9' };

describe('createApiClient: a typed client from a service API table', () => {
  it('fills the path parameters, percent-encoded, and parses the answer with the response schema', async () => {
    const { calls, transport } = recording({ ...unit, extra: 'dropped' });
    const directory = createApiClient(directoryInternalApi, transport);
    expect(await directory.getUnitSummary({ params: { unitId: 'U 1/2' } })).to.deep.equal(unit);
    expect(calls).to.deep.equal([{ method: 'GET', path: '/internal/units/U%201%2F2' }]);
  });

  it('never lets a parameter of . or .. become a dot segment (another route): they go encoded, which services refuse', async () => {
    const { calls, transport } = recording(unit);
    const directory = createApiClient(directoryInternalApi, transport);
    await directory.getUnitSummary({ params: { unitId: '..' } });
    await directory.getUnitSummary({ params: { unitId: '.' } });
    expect(calls.map((c) => c.path)).to.deep.equal(['/internal/units/%2E%2E', '/internal/units/%2E']);
  });

  it('sends the body of an operation that has one', async () => {
    const { calls, transport } = recording({
      id: 'P1',
      name: '蘇',
      agencyId: 'A1',
      agencyName: '光華國小',
      status: 'active',
      roles: [],
      apps: [],
    });
    const directory = createApiClient(directoryInternalApi, transport);
    const person = await directory.lookupPerson({ body: { by: 'email', email: 'su@example.org' } });
    expect(person.name).to.equal('蘇');
    expect(calls).to.deep.equal([{ method: 'POST', path: '/internal/people/lookup', body: { by: 'email', email: 'su@example.org' } }]);
  });

  it('refuses an answer that does not match the response schema', async () => {
    const directory = createApiClient(directoryInternalApi, recording({ id: 'U1' }).transport);
    let failure: unknown;
    await directory.getUnitSummary({ params: { unitId: 'U1' } }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(z.ZodError);
  });

  it('writes the query string, and an operation without input or response schema takes no argument and answers nothing', async () => {
    const table = apiTable({
      search: {
        operationId: 'search',
        method: 'get',
        path: '/internal/search',
        access: 'internal',
        summary: 'search',
        query: z.object({ q: z.string(), tag: z.array(z.string()).optional(), page: z.number().optional() }),
        response: { status: 200, schema: z.object({ n: z.number() }), description: 'n' },
        problems: [],
      },
      ping: {
        operationId: 'ping',
        method: 'patch',
        path: '/internal/ping',
        access: 'internal',
        summary: 'ping',
        response: { status: 204, description: 'done' },
        problems: [],
      },
    });
    const { calls, transport } = recording({ n: 1 });
    const client = createApiClient(table, transport);
    expect(await client.search({ query: { q: '陳 a&b', tag: ['x', 'y'] } })).to.deep.equal({ n: 1 });
    expect(await client.ping()).to.equal(undefined);
    expect(calls).to.deep.equal([
      { method: 'GET', path: '/internal/search?q=%E9%99%B3+a%26b&tag=x&tag=y' },
      { method: 'PATCH', path: '/internal/ping' },
    ]);
  });

  it('marks every operation of the directory and approval tables internal, with the problem codes it may answer', () => {
    for (const operation of [...Object.values(directoryInternalApi), ...Object.values(approvalInternalApi)]) {
      expect(operation.access, operation.operationId).to.equal('internal');
      for (const code of operation.problems) expect(code, operation.operationId).to.match(/^[A-Z]+(_[A-Z]+)+$/);
    }
  });
});
