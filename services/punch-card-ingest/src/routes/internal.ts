import type { Router } from 'express';
import { createRouter, mountOperations, serviceOnly } from '@webitr/platform';
import { punchCardIngestInternalApi } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../context.ts';
import * as listDayAnomalies from '../usecases/list-day-anomalies/index.ts';

/** The internal API, mounted from its table in @webitr/contracts: other services, with service assertions only. */
export function internalRoutes(ctx: PunchCardIngestContext): Router {
  const router = createRouter();
  router.use('/internal', serviceOnly);
  mountOperations(router, punchCardIngestInternalApi, {
    listDayAnomalies: ({ query }) => listDayAnomalies.execute(ctx, query),
  });
  return router;
}
