import { expect } from 'chai';
import { SERVICE_ROUTES } from '@webitr/contracts';
import type { ServiceName } from '@webitr/contracts';
import { OperationTable } from './operations.ts';

const PREFIXES: Record<ServiceName, string> = {
  leave: '/api/leave',
  approval: '/api/approvals',
  'punch-card-ingest': '/api/attendance',
  notification: '/api/notifications',
  directory: '/api/directory',
};

describe('the gateway’s operation table, from the services’ route tables', () => {
  const table = new OperationTable(PREFIXES);
  const declared = (Object.entries(SERVICE_ROUTES) as [ServiceName, (typeof SERVICE_ROUTES)[ServiceName]][]).flatMap(([service, routes]) =>
    Object.values(routes).map((r) => ({
      service,
      operationId: r.operationId,
      method: r.method.toUpperCase(),
      path: `${PREFIXES[service]}${r.path}`,
      access: r.access,
      idempotent: 'idempotent' in r && r.idempotent === true,
    })),
  );
  const sample = (path: string) => path.replace(/:[A-Za-z]+/g, 'x1');

  it('applies the administration zone to exactly the operations marked admin', () => {
    expect(table.operations.filter((o) => o.access === 'admin')).to.have.deep.members(declared.filter((o) => o.access === 'admin'));
    // Among them those the issue found open to any zone.
    expect(table.resolve('GET', '/api/approvals/agencies/A/flows').map((o) => o.access)).to.deep.equal(['admin']);
    expect(table.resolve('PUT', '/api/leave/agencies/A/leave-policy').map((o) => o.access)).to.deep.equal(['admin']);
  });

  it('applies the onsite rule to exactly the operations marked onsite (web punching)', () => {
    expect(table.operations.filter((o) => o.access === 'onsite')).to.have.deep.members(declared.filter((o) => o.access === 'onsite'));
    expect(table.resolve('POST', '/api/attendance/web-punches').map((o) => o.operationId)).to.deep.equal(['recordWebPunch']);
  });

  it('knows the creates the services deduplicate by Idempotency-Key (the only writes the hop may send again)', () => {
    expect(table.resolve('POST', '/api/leave/forms/leave').map((o) => o.idempotent)).to.deep.equal([true]);
    expect(table.resolve('POST', '/api/leave/forms/x1/withdraw').map((o) => o.idempotent)).to.deep.equal([false]);
    expect(table.operations.filter((o) => o.idempotent).length).to.equal(11);
  });

  it('publishes every operation but the services-only ones, and nothing else', () => {
    expect(table.operations).to.have.deep.members(declared.filter((o) => o.access !== 'internal'));
    for (const op of declared.filter((o) => o.access === 'internal'))
      expect(table.resolve(op.method, sample(op.path)), op.operationId).to.deep.equal([]);
  });

  it('finds each published operation by its method and a path it matches, and not by a case or trailing-slash variant', () => {
    for (const op of table.operations) {
      const path = sample(op.path);
      expect(table.resolve(op.method, path), op.operationId).to.deep.include(op);
      expect(table.resolve(op.method, path.toUpperCase()), op.operationId).to.deep.equal([]);
      expect(table.resolve(op.method, `${path}/`), op.operationId).to.deep.equal([]);
      if (op.method === 'GET') expect(table.resolve('HEAD', path)).to.deep.include(op);
    }
    expect(table.resolve('GET', '/api/leave/forms/1/2')).to.deep.equal([]);
    expect(table.resolve('OPTIONS', '/api/leave/forms')).to.deep.equal([]);
  });
});
