import type { Router } from 'express';
import { createRouter, mountOperations, serviceOnly } from '@webitr/platform';
import { directoryInternalApi } from '@webitr/contracts';
import type { DirectoryContext } from '../context.ts';
import * as findPersonByCard from '../usecases/find-person-by-card/index.ts';
import * as findPeopleByCards from '../usecases/find-people-by-cards/index.ts';
import * as getAgency from '../usecases/get-agency/index.ts';
import * as getUnit from '../usecases/get-unit/index.ts';
import * as listAgencyPeople from '../usecases/list-agency-people/index.ts';
import * as listAgencySummaries from '../usecases/list-agency-summaries/index.ts';
import * as getPersonSummary from '../usecases/get-person-summary/index.ts';
import * as getSupervisorChain from '../usecases/get-supervisor-chain/index.ts';
import * as listRoleHolders from '../usecases/list-role-holders/index.ts';
import * as lookupPerson from '../usecases/lookup-person/index.ts';

/**
 * The internal read API, mounted from its table in @webitr/contracts
 * (directoryInternalApi, which the other services' clients are built from):
 * other services, with service assertions only.
 */
export function internalRoutes(ctx: DirectoryContext): Router {
  const router = createRouter();
  router.use('/internal', serviceOnly);
  mountOperations(router, directoryInternalApi, {
    lookupPerson: ({ body }) => lookupPerson.execute(ctx, body),
    getPersonSummary: ({ params }) => getPersonSummary.execute(ctx, params),
    getSupervisorChain: ({ params }) => getSupervisorChain.execute(ctx, params),
    listAgencySummaries: () => listAgencySummaries.execute(ctx),
    getAgencySummary: ({ params }) => getAgency.execute(ctx, params),
    findPersonByCard: ({ params }) => findPersonByCard.execute(ctx, params),
    findPeopleByCards: ({ params, body }) => findPeopleByCards.execute(ctx, params.agencyId, body.cardNumbers),
    listRoleHolders: ({ params }) => listRoleHolders.execute(ctx, params),
    listAgencyPeople: ({ params }) => listAgencyPeople.execute(ctx, params),
    getUnitSummary: ({ params }) => getUnit.execute(ctx, params),
  });
  return router;
}
