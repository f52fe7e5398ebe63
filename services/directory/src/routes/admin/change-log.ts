import type { Router } from 'express';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as queryAgencyChangeLog from '../../usecases/query-agency-change-log/index.ts';
import * as queryPersonChangeLog from '../../usecases/query-person-change-log/index.ts';
import * as querySystemChangeLog from '../../usecases/query-system-change-log/index.ts';
import { agencyIdParams, personIdParams } from '../../usecases/shared/fields.ts';
import { adminOperation } from '../http.ts';

/** 帳號異動記錄: by agency, by person, across agencies. */
export function changeLogRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  const response = { status: 200, schema: querySystemChangeLog.result, description: 'a page of entries, newest first' };
  return [
    adminOperation(
      router,
      {
        ...directoryRoutes.agencyChangeLog,
        summary: "An agency's change log by person, actor, action and period (agency administrators)",
        params: agencyIdParams,
        query: queryAgencyChangeLog.query.omit({ agencyId: true }),
        response,
      },
      ({ params, query }, actor) => queryAgencyChangeLog.execute(ctx, actor, { ...query, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.personChangeLog,
        summary: "A person's whole history, across transfers (administrators of the person's agency)",
        params: personIdParams,
        query: queryPersonChangeLog.query.omit({ personId: true }),
        response,
      },
      ({ params, query }, actor) => queryPersonChangeLog.execute(ctx, actor, { ...query, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.systemChangeLog,
        summary: 'Every agency’s change log (system administrators)',
        query: querySystemChangeLog.query,
        response,
      },
      ({ query }, actor) => querySystemChangeLog.execute(ctx, actor, query),
    ),
  ];
}
