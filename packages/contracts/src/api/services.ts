import { approvalRoutes } from './approval.ts';
import { directoryRoutes } from './directory.ts';
import { leaveRoutes } from './leave.ts';
import { notificationRoutes } from './notification.ts';
import type { Route } from './operation.ts';
import { punchCardIngestRoutes } from './punch-card-ingest.ts';

/** Every service's route table, by service name (the audience of its assertions): what the gateway may forward, and under which rule. */
export const SERVICE_ROUTES: Readonly<
  Record<'directory' | 'leave' | 'approval' | 'punch-card-ingest' | 'notification', Readonly<Record<string, Route>>>
> = {
  directory: directoryRoutes,
  leave: leaveRoutes,
  approval: approvalRoutes,
  'punch-card-ingest': punchCardIngestRoutes,
  notification: notificationRoutes,
};
export type ServiceName = keyof typeof SERVICE_ROUTES;
