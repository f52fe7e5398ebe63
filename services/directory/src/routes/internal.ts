import type { Router } from 'express';
import { z } from 'zod';
import { createRouter, mountOperation, serviceOnly } from '@webitr/platform';
import { agencySummarySchema, personListSchema, personLookupSchema, personSummarySchema, roleNameSchema, supervisorChainSchema, unitSummarySchema, directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../context.ts';
import * as findPersonByCard from '../usecases/find-person-by-card/index.ts';
import * as getAgency from '../usecases/get-agency/index.ts';
import * as getUnit from '../usecases/get-unit/index.ts';
import * as listAgencyPeople from '../usecases/list-agency-people/index.ts';
import * as getPersonSummary from '../usecases/get-person-summary/index.ts';
import * as getSupervisorChain from '../usecases/get-supervisor-chain/index.ts';
import * as listRoleHolders from '../usecases/list-role-holders/index.ts';
import * as lookupPerson from '../usecases/lookup-person/index.ts';

/**
 * The internal read API (DIRECTORY_INTERNAL_PATHS in @webitr/contracts): other
 * services, with service assertions only. Person summaries and supervisor
 * chains come from the Redis cache when they can.
 */
const personParams = z.object({ personId: z.string().min(1).max(64) });
const agencyParams = z.object({ agencyId: z.string().min(1).max(64) });

export const internalOperations = {
  lookup: {
    ...directoryRoutes.lookupPerson,
    summary: 'Find a person by portal subject, official e-mail or national ID (service assertions only)',
    body: personLookupSchema,
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
  },
  person: {
    ...directoryRoutes.personSummary,
    summary: 'A person: status, roles, apps (service assertions only)',
    params: personParams,
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
  },
  supervisors: {
    ...directoryRoutes.supervisorChain,
    summary: 'The unit heads above a person, nearest first (service assertions only)',
    params: personParams,
    response: { status: 200, schema: supervisorChainSchema, description: 'the chain' },
  },
  agency: {
    ...directoryRoutes.agencySummary,
    summary: 'An agency with its default apps (service assertions only)',
    params: agencyParams,
    response: { status: 200, schema: agencySummarySchema, description: 'the agency (404 AGENCY_NOT_FOUND)' },
  },
  card: {
    ...directoryRoutes.personByCard,
    summary: 'Who holds a punch card in an agency (service assertions only)',
    params: agencyParams.extend({ cardNumber: z.string().min(1).max(20) }),
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
  },
  roleHolders: {
    ...directoryRoutes.roleHolders,
    summary: "The people holding a role in an agency, e.g. its attendance managers (service assertions only)",
    params: agencyParams.extend({ role: roleNameSchema.exclude(['employee']) }),
    response: { status: 200, schema: personListSchema, description: 'the people' },
  },
  agencyPeople: {
    ...directoryRoutes.agencyPeople,
    summary: 'Every person of an agency, whatever their status (service assertions only)',
    params: agencyParams,
    response: { status: 200, schema: personListSchema, description: 'the people (404 AGENCY_NOT_FOUND)' },
  },
  unit: {
    ...directoryRoutes.unitSummary,
    summary: 'A unit with its head (service assertions only)',
    params: z.object({ unitId: z.string().min(1).max(64) }),
    response: { status: 200, schema: unitSummarySchema, description: 'the unit (404 UNIT_NOT_FOUND)' },
  },
} as const satisfies Record<string, Operation>;

export function internalRoutes(ctx: DirectoryContext): Router {
  const router = createRouter();
  router.use('/internal', serviceOnly);
  const ops = internalOperations;
  mountOperation(router, ops.lookup, ({ body }) => lookupPerson.execute(ctx, body));
  mountOperation(router, ops.person, ({ params }) => getPersonSummary.execute(ctx, params));
  mountOperation(router, ops.supervisors, ({ params }) => getSupervisorChain.execute(ctx, params.personId));
  mountOperation(router, ops.agency, ({ params }) => getAgency.execute(ctx, params));
  mountOperation(router, ops.card, ({ params }) => findPersonByCard.execute(ctx, params.agencyId, params.cardNumber));
  mountOperation(router, ops.roleHolders, ({ params }) => listRoleHolders.execute(ctx, params.agencyId, params.role));
  mountOperation(router, ops.agencyPeople, ({ params }) => listAgencyPeople.execute(ctx, params.agencyId));
  mountOperation(router, ops.unit, ({ params }) => getUnit.execute(ctx, params.unitId));
  return router;
}
