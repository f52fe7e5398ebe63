import type { Router } from 'express';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as changeLog from '../../usecases/query-change-log/index.ts';
import { agencyIdParams, personIdParams } from '../../usecases/shared/fields.ts';
import { adminOperation } from '../http.ts';

/** 帳號異動記錄: by agency, by person, across agencies. */
export function changeLogRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  const response = { status: 200, schema: changeLog.result, description: 'a page of entries, newest first' };
  return [
    adminOperation(
      router,
      { ...directoryRoutes.agencyChangeLog, summary: "An agency's change log by person, actor, action and period (agency administrators)", params: agencyIdParams, query: changeLog.query, response },
      ({ params, query }, actor) => changeLog.forAgency(ctx, actor, params.agencyId, query),
    ),
    adminOperation(
      router,
      { ...directoryRoutes.personChangeLog, summary: "A person's whole history, across transfers (administrators of the person's agency)", params: personIdParams, query: changeLog.query, response },
      ({ params, query }, actor) => changeLog.forPerson(ctx, actor, params.personId, query),
    ),
    adminOperation(
      router,
      { ...directoryRoutes.systemChangeLog, summary: 'Every agency’s change log (system administrators)', query: changeLog.query, response },
      ({ query }, actor) => changeLog.forSystem(ctx, actor, query),
    ),
  ];
}
