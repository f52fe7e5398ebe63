import type { Router } from 'express';
import { createRouter } from '@webitr/platform';
import { directoryInternalApi } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../context.ts';
import { agencyRoutes } from './admin/agencies.ts';
import { changeLogRoutes } from './admin/change-log.ts';
import { importExportRoutes } from './admin/import-export.ts';
import { peopleRoutes } from './admin/people.ts';
import { unitRoutes } from './admin/units.ts';
import { colleagueRoutes } from './colleagues.ts';
import { internalRoutes } from './internal.ts';

/**
 * Every route of the directory: the internal read API (services only), the
 * administration API (people with an administration role, through the gateway)
 * and the colleague search (everyone), with the operations for the OpenAPI document.
 */
export function buildRoutes(ctx: DirectoryContext): { router: Router; operations: Operation[] } {
  const router = createRouter();
  router.use(internalRoutes(ctx));
  const operations = [
    ...Object.values(directoryInternalApi),
    ...agencyRoutes(router, ctx),
    ...unitRoutes(router, ctx),
    ...importExportRoutes(router, ctx),
    ...peopleRoutes(router, ctx),
    ...changeLogRoutes(router, ctx),
    ...colleagueRoutes(router, ctx),
  ];
  return { router, operations };
}
