import type { Router } from 'express';
import { createRouter, identityOf, mountOperations, serviceOnly } from '@webitr/platform';
import { approvalInternalApi } from '@webitr/contracts';
import type { ApprovalContext } from '../context.ts';
import * as listPendingApprovals from '../usecases/list-pending-approvals/index.ts';
import * as previewRoute from '../usecases/preview-route/index.ts';

/**
 * The internal API, mounted from its table in @webitr/contracts
 * (approvalInternalApi, which the leave service's client is built from):
 * other services, with service assertions only (not in the public OpenAPI document).
 */
export function internalRoutes(ctx: ApprovalContext): Router {
  const router = createRouter();
  router.use('/internal', serviceOnly);
  mountOperations(router, approvalInternalApi, {
    previewRoute: ({ body, res }) => previewRoute.execute(ctx, identityOf(res), body),
    listPendingApprovals: () => listPendingApprovals.execute(ctx),
  });
  return router;
}
