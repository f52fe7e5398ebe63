import { expect } from 'chai';
import { directoryRoutes } from '@webitr/contracts';
import { listRoutes } from '@webitr/platform';
import type { DirectoryContext } from '../context.ts';
import { buildRoutes } from './index.ts';

describe('directory routes and its route table (@webitr/contracts)', () => {
  // Nothing runs: the handlers are only mounted.
  const { router, operations } = buildRoutes({ importMaxBytes: 1 } as DirectoryContext);
  const declared = Object.values(directoryRoutes);

  it('serves exactly the operations of its route table, each with its access mark', () => {
    expect(listRoutes(router)).to.have.deep.members(declared.map(({ method, path }) => ({ method, path })));
  });

  it('documents every operation with the method, path, access mark and idempotency of its table entry', () => {
    expect(
      operations.map(({ operationId, method, path, access, idempotent }) => ({
        operationId,
        method,
        path,
        access,
        ...(idempotent ? { idempotent } : {}),
      })),
    ).to.have.deep.members(declared);
  });
});
