import { expect } from 'chai';
import { approvalInternalApi, approvalRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import { listRoutes } from '@webitr/platform';
import type { ApprovalContext } from '../context.ts';
import { operations, routes } from './index.ts';
import { internalRoutes } from './internal.ts';

describe('approval routes and its route table (@webitr/contracts)', () => {
  // Nothing runs: the handlers are only mounted.
  const served = [...listRoutes(internalRoutes({} as ApprovalContext)), ...listRoutes(routes({} as ApprovalContext))];
  const declared = Object.values(approvalRoutes);

  it('serves exactly the operations of its route table, each with its access mark', () => {
    expect(served).to.have.deep.members(declared.map(({ method, path }) => ({ method, path })));
  });

  it('documents every operation with the method, path, access mark and idempotency of its table entry', () => {
    expect(
      ([...Object.values(operations), ...Object.values(approvalInternalApi)] as Operation[]).map(
        ({ operationId, method, path, access, idempotent }) => ({
          operationId,
          method,
          path,
          access,
          ...(idempotent ? { idempotent } : {}),
        }),
      ),
    ).to.have.deep.members(declared);
  });
});
