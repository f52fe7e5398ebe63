import type { Router } from 'express';
import { createRouter, mountOperation, serviceOnly } from '@webitr/platform';
import { approvalRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { ApprovalContext } from '../context.ts';
import * as previewRoute from '../usecases/preview-route/index.ts';

/** The internal API: other services, with service assertions only (not in the public OpenAPI document). */
export const internalOperations = {
  previewRoute: {
    ...approvalRoutes.previewRoute,
    summary: 'The route a draft would take (the leave service\'s quotes); nothing is stored (service assertions only)',
    body: previewRoute.command,
  },
} as const satisfies Record<string, Operation>;

export function internalRoutes(ctx: ApprovalContext): Router {
  const router = createRouter();
  router.use('/internal', serviceOnly);
  mountOperation(router, internalOperations.previewRoute, ({ body }) => previewRoute.execute(ctx, body));
  return router;
}
