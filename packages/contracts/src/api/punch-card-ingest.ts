import { routeTable } from './operation.ts';

/**
 * The punch-card-ingest service's operations (behind the gateway at
 * /api/attendance). Web punching is only from the person's own agency's
 * onsite network; the service does not serve it yet (its domain is a later
 * issue) and answers 404, but the gateway's rule for it exists already.
 */
export const punchCardIngestRoutes = routeTable({
  webPunch: { operationId: 'recordWebPunch', method: 'post', path: '/web-punches', access: 'onsite' },
});
