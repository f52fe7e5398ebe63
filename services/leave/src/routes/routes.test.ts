import { expect } from 'chai';
import express from 'express';
import { leaveRoutes } from '@webitr/contracts';
import { listRoutes, useStrictRouting } from '@webitr/platform';
import type { LeaveContext } from '../context.ts';
import { mountRoutes } from './index.ts';
import { operations } from './operations.ts';

describe('leave routes and its route table (@webitr/contracts)', () => {
  const app = express();
  useStrictRouting(app);
  // Nothing runs: the handlers are only mounted.
  mountRoutes(app, {} as LeaveContext);
  const declared = Object.values(leaveRoutes);

  it('serves exactly the operations of its route table, each with its access mark', () => {
    expect(listRoutes(app)).to.have.deep.members(declared.map(({ method, path }) => ({ method, path })));
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
