import { z } from 'zod';
import { roleNameSchema, scopedRoleSchema } from './identity.ts';
import { apiTable } from './client.ts';
import { routeTable, routesOf } from './operation.ts';
import { appIdSchema, employmentStatusSchema } from '../forms/directory.ts';

/**
 * The directory's schemas, its internal read API as other services (first of
 * all the gateway at sign-in) see it, and its route table. Internal routes
 * accept service assertions only.
 */

export const personSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().optional(),
    agencyId: z.string(),
    agencyName: z.string(),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    status: employmentStatusSchema,
    roles: z.array(scopedRoleSchema),
    apps: z.array(appIdSchema),
    /** Since when the status holds (YYYY-MM-DD). */
    statusSince: z.string().optional(),
    /** 職務類別: drives which leave rules apply (civil servant or teacher). */
    jobCategory: z.string().optional(),
    title: z.string().optional(),
    /** 班別: the work-schedule group. */
    scheduleGroup: z.string().optional(),
    /** 到職日期 (YYYY-MM-DD): seniority drives annual leave. */
    serviceStartDate: z.string().optional(),
    /**
     * Periods out of service that have ended — a 留職停薪 or a 離職 followed by 復職 — from their first day up to
     * `until`, the day service resumed (exclusive). The one that still holds is `status` since `statusSince`.
     * Attendance counts none of these days as 曠職.
     */
    pastOutOfService: z.array(z.object({ from: z.string(), until: z.string() })).optional(),
  })
  .meta({ id: 'PersonSummary' });
export type PersonSummary = z.infer<typeof personSummarySchema>;

/**
 * Find the person a portal sign-in belongs to, by the claim the portal is
 * configured to link with. POST, so a national ID never appears in a URL or an
 * access log.
 */
export const personLookupSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('subject'), issuer: z.url(), subject: z.string().min(1) }),
  z.object({ by: z.literal('email'), email: z.email() }),
  z.object({ by: z.literal('national-id'), nationalId: z.string().regex(/^[A-Z][1289]\d{8}$/) }),
]);
export type PersonLookup = z.infer<typeof personLookupSchema>;

/** 機關層級: first-level bureaus, second-level agencies, district offices, schools. */
export const agencyLevelSchema = z.enum(['first-level', 'second-level', 'district-office', 'school']);
export type AgencyLevel = z.infer<typeof agencyLevelSchema>;

export const agencySummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: agencyLevelSchema,
    parentId: z.string().optional(),
    /** 機關預設可用系統: granted to people who join the agency. */
    defaultApps: z.array(appIdSchema),
    /** 機關首長: the person at the head of the agency (final decisions), when set. */
    headId: z.string().optional(),
  })
  .meta({ id: 'AgencySummary' });
export type AgencySummary = z.infer<typeof agencySummarySchema>;

/** 單位: one node of an agency's unit tree, with its head (單位主管) when set. */
export const unitSummarySchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    parentId: z.string().optional(),
    headId: z.string().optional(),
  })
  .meta({ id: 'UnitSummary' });
export type UnitSummary = z.infer<typeof unitSummarySchema>;

/**
 * The heads of a person's unit and of the units above it, nearest first (the
 * approval chain's raw material). A unit without a head, or headed by the
 * person themself, is skipped.
 */
export const supervisorChainSchema = z
  .object({
    personId: z.string(),
    chain: z.array(z.object({ unitId: z.string(), unitName: z.string(), personId: z.string(), name: z.string() })),
  })
  .meta({ id: 'SupervisorChain' });
export type SupervisorChain = z.infer<typeof supervisorChainSchema>;

export const personListSchema = z.object({ items: z.array(personSummarySchema) }).meta({ id: 'PersonList' });

/** Card numbers with the person holding each (cards nobody in the agency holds are absent). */
export const cardHoldersSchema = z
  .object({ items: z.array(z.object({ cardNumber: z.string(), personId: z.string(), status: employmentStatusSchema })) })
  .meta({ id: 'CardHolders' });
export type CardHolders = z.infer<typeof cardHoldersSchema>;

const personParams = z.object({ personId: z.string().min(1).max(64) });
const agencyParams = z.object({ agencyId: z.string().min(1).max(64) });

/**
 * The directory's internal read API, for services only: the directory mounts
 * its internal routes from this table, and the gateway, leave and approval
 * call it through `createApiClient(directoryInternalApi, …)`. Person summaries
 * and supervisor chains come from the directory's Redis cache when they can.
 */
export const directoryInternalApi = apiTable({
  lookupPerson: {
    operationId: 'lookupPerson',
    method: 'post',
    path: '/internal/people/lookup',
    access: 'internal',
    summary: 'Find a person by portal subject, official e-mail or national ID (service assertions only)',
    body: personLookupSchema,
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
    problems: ['PERSON_NOT_FOUND', 'PERSON_AMBIGUOUS'],
  },
  getPersonSummary: {
    operationId: 'getPersonSummary',
    method: 'get',
    path: '/internal/people/:personId',
    access: 'internal',
    summary: 'A person: status, roles, apps (service assertions only)',
    params: personParams,
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
    problems: ['PERSON_NOT_FOUND'],
  },
  getSupervisorChain: {
    operationId: 'getSupervisorChain',
    method: 'get',
    path: '/internal/people/:personId/supervisors',
    access: 'internal',
    summary: 'The unit heads above a person, nearest first (service assertions only)',
    params: personParams,
    response: { status: 200, schema: supervisorChainSchema, description: 'the chain' },
    problems: ['PERSON_NOT_FOUND'],
  },
  listAgencySummaries: {
    operationId: 'listAgencySummaries',
    method: 'get',
    path: '/internal/agencies',
    access: 'internal',
    summary: "Every agency, by id (a service's job over all agencies, e.g. the daily digest; service assertions only)",
    response: { status: 200, schema: z.object({ items: z.array(agencySummarySchema) }), description: 'the agencies' },
    problems: [],
  },
  getAgencySummary: {
    operationId: 'getAgencySummary',
    method: 'get',
    path: '/internal/agencies/:agencyId',
    access: 'internal',
    summary: 'An agency with its default apps (service assertions only)',
    params: agencyParams,
    response: { status: 200, schema: agencySummarySchema, description: 'the agency (404 AGENCY_NOT_FOUND)' },
    problems: ['AGENCY_NOT_FOUND'],
  },
  findPersonByCard: {
    operationId: 'findPersonByCard',
    method: 'get',
    path: '/internal/agencies/:agencyId/cards/:cardNumber',
    access: 'internal',
    summary: 'Who holds a punch card in an agency (service assertions only)',
    params: agencyParams.extend({ cardNumber: z.string().min(1).max(20) }),
    response: { status: 200, schema: personSummarySchema, description: 'the person (404 PERSON_NOT_FOUND)' },
    problems: ['PERSON_NOT_FOUND'],
  },
  findPeopleByCards: {
    operationId: 'findPeopleByCards',
    method: 'post',
    path: '/internal/agencies/:agencyId/cards/lookup',
    access: 'internal',
    summary: 'Who holds each of up to 500 punch cards in an agency, in one call (card-file ingest; service assertions only)',
    params: agencyParams,
    body: z.object({ cardNumbers: z.array(z.string().min(1).max(20)).min(1).max(500) }),
    response: { status: 200, schema: cardHoldersSchema, description: 'the cards found (cards nobody holds are left out)' },
    problems: [],
  },
  listRoleHolders: {
    operationId: 'listRoleHolders',
    method: 'get',
    path: '/internal/agencies/:agencyId/roles/:role',
    access: 'internal',
    summary: 'The people holding a role in an agency, e.g. its attendance managers (service assertions only)',
    params: agencyParams.extend({ role: roleNameSchema.exclude(['employee']) }),
    response: { status: 200, schema: personListSchema, description: 'the people' },
    problems: [],
  },
  listAgencyPeople: {
    operationId: 'listAgencyPeople',
    method: 'get',
    path: '/internal/agencies/:agencyId/people',
    access: 'internal',
    summary: 'Every person of an agency, whatever their status (service assertions only)',
    params: agencyParams,
    response: { status: 200, schema: personListSchema, description: 'the people (404 AGENCY_NOT_FOUND)' },
    problems: ['AGENCY_NOT_FOUND'],
  },
  getUnitSummary: {
    operationId: 'getUnitSummary',
    method: 'get',
    path: '/internal/units/:unitId',
    access: 'internal',
    summary: 'A unit with its head (service assertions only)',
    params: z.object({ unitId: z.string().min(1).max(64) }),
    response: { status: 200, schema: unitSummarySchema, description: 'the unit (404 UNIT_NOT_FOUND)' },
    problems: ['UNIT_NOT_FOUND'],
  },
});

/**
 * The directory's operations (behind the gateway at /api/directory): the
 * internal read API, for services only (directoryInternalApi), and the
 * administration of agencies, units, people, roles, app permissions, imports
 * and exports and the change log, all administration;
 * and one operation for everyone of an agency: finding the colleagues one may
 * name as deputy.
 */
export const directoryRoutes = routeTable({
  ...routesOf(directoryInternalApi),

  listAgencies: { operationId: 'listAgencies', method: 'get', path: '/agencies', access: 'admin' },
  createAgency: { operationId: 'createAgency', method: 'post', path: '/agencies', access: 'admin', idempotent: true },
  getAgency: { operationId: 'getAgency', method: 'get', path: '/agencies/:agencyId', access: 'admin' },
  updateAgency: { operationId: 'updateAgency', method: 'patch', path: '/agencies/:agencyId', access: 'admin' },
  setAgencyDefaultApps: { operationId: 'setAgencyDefaultApps', method: 'put', path: '/agencies/:agencyId/default-apps', access: 'admin' },
  listUnits: { operationId: 'listUnits', method: 'get', path: '/agencies/:agencyId/units', access: 'admin' },
  createUnit: { operationId: 'createUnit', method: 'post', path: '/agencies/:agencyId/units', access: 'admin', idempotent: true },
  updateUnit: { operationId: 'updateUnit', method: 'patch', path: '/units/:unitId', access: 'admin' },
  importPeople: { operationId: 'importPeople', method: 'post', path: '/agencies/:agencyId/people/import', access: 'admin' },
  exportPeople: { operationId: 'exportPeople', method: 'get', path: '/agencies/:agencyId/people/export', access: 'admin' },
  listSeparatedPeople: { operationId: 'listSeparatedPeople', method: 'get', path: '/agencies/:agencyId/people/separated', access: 'admin' },
  searchPeople: { operationId: 'searchPeople', method: 'post', path: '/agencies/:agencyId/people/search', access: 'admin' },
  createPerson: { operationId: 'createPerson', method: 'post', path: '/agencies/:agencyId/people', access: 'admin', idempotent: true },
  getPerson: { operationId: 'getPerson', method: 'get', path: '/people/:personId', access: 'admin' },
  updatePerson: { operationId: 'updatePerson', method: 'patch', path: '/people/:personId', access: 'admin' },
  viewNationalId: { operationId: 'viewNationalId', method: 'post', path: '/people/:personId/national-id', access: 'admin' },
  separatePerson: { operationId: 'separatePerson', method: 'post', path: '/people/:personId/separate', access: 'admin' },
  suspendPerson: { operationId: 'suspendPerson', method: 'post', path: '/people/:personId/suspend', access: 'admin' },
  reinstatePerson: { operationId: 'reinstatePerson', method: 'post', path: '/people/:personId/reinstate', access: 'admin' },
  transferPerson: { operationId: 'transferPerson', method: 'post', path: '/people/:personId/transfer', access: 'admin' },
  grantApp: { operationId: 'grantApp', method: 'put', path: '/people/:personId/apps/:app', access: 'admin' },
  revokeApp: { operationId: 'revokeApp', method: 'delete', path: '/people/:personId/apps/:app', access: 'admin' },
  grantApps: { operationId: 'grantApps', method: 'post', path: '/agencies/:agencyId/entitlements/grant', access: 'admin' },
  revokeApps: { operationId: 'revokeApps', method: 'post', path: '/agencies/:agencyId/entitlements/revoke', access: 'admin' },
  grantRole: { operationId: 'grantRole', method: 'put', path: '/people/:personId/roles/:role', access: 'admin' },
  revokeRole: { operationId: 'revokeRole', method: 'delete', path: '/people/:personId/roles/:role', access: 'admin' },
  agencyChangeLog: { operationId: 'agencyChangeLog', method: 'get', path: '/agencies/:agencyId/change-log', access: 'admin' },
  personChangeLog: { operationId: 'personChangeLog', method: 'get', path: '/people/:personId/change-log', access: 'admin' },
  systemChangeLog: { operationId: 'systemChangeLog', method: 'get', path: '/change-log', access: 'admin' },

  searchColleagues: { operationId: 'searchColleagues', method: 'get', path: '/colleagues', access: 'app' },
});
