import { routeTable } from './operation.ts';
import type { Route } from './operation.ts';

/** The notification service's operations (behind the gateway at /api/notifications): none yet, so the gateway forwards nothing there. */
export const notificationRoutes: Record<string, Route> = routeTable({});
