import { z } from 'zod';
import { scopedRoleSchema } from '../api/identity.ts';
import { appIdSchema, employmentStatusSchema } from '../forms/directory.ts';

/**
 * What the directory's administration operations answer, as JSON on the wire.
 * Unlike leave's and approval's views (types only) these are zod schemas: the
 * directory declares its responses with them in its OpenAPI document, and the
 * web app imports their types. National IDs are always masked here; the only
 * way to the full number is the audited view (`NationalIdFullView`).
 */

/** One person as the administration API shows them (查詢, 編輯, each status change). */
export const personDetailSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    email: z.string().optional(),
    nationalIdMasked: z.string().meta({ description: 'e.g. A12*****89' }),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    title: z.string().optional(),
    jobCategory: z.string(),
    scheduleGroup: z.string().optional(),
    serviceStartDate: z.string().optional(),
    cardNumbers: z.array(z.string()),
    identities: z.array(z.object({ issuer: z.string(), subject: z.string() })),
    status: employmentStatusSchema,
    statusSince: z.string(),
    employment: z.array(
      z.object({ status: employmentStatusSchema, from: z.string(), until: z.string().optional(), reason: z.string().optional() }),
    ),
    assignments: z.array(z.object({ agencyId: z.string(), unitId: z.string().optional(), from: z.string(), until: z.string().optional() })),
    roles: z.array(scopedRoleSchema),
    apps: z.array(appIdSchema),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PersonDetail' });
export type PersonDetail = z.infer<typeof personDetailSchema>;

/** One line of 查詢員工. */
export const personListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nationalIdMasked: z.string(),
    email: z.string().optional(),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    title: z.string().optional(),
    jobCategory: z.string(),
    /** 班別 (a schedule group id of @webitr/work-calendar): 出勤時間 lists it. */
    scheduleGroup: z.string().optional(),
    status: employmentStatusSchema,
    statusSince: z.string(),
    roles: z.array(scopedRoleSchema),
    apps: z.array(z.string()),
  })
  .meta({ id: 'PersonListItem' });
export type PersonListItem = z.infer<typeof personListItemSchema>;

export const personSearchResultSchema = z
  .object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(personListItemSchema) })
  .meta({ id: 'PersonSearchResult' });
export type PersonSearchResult = z.infer<typeof personSearchResultSchema>;

/** 離職人員查詢: a separated person, the national ID masked, with the date and reason of the 離職. */
export const separatedPersonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nationalIdMasked: z.string(),
    unitName: z.string().optional(),
    title: z.string().optional(),
    jobCategory: z.string(),
    serviceStartDate: z.string().optional(),
    separatedOn: z.string(),
    reason: z.string().optional(),
  })
  .meta({ id: 'SeparatedPerson' });
export type SeparatedPerson = z.infer<typeof separatedPersonSchema>;
export const separatedPeopleResultSchema = z
  .object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(separatedPersonSchema) })
  .meta({ id: 'SeparatedPeopleResult' });
export type SeparatedPeopleResult = z.infer<typeof separatedPeopleResultSchema>;

/** The full number (viewNationalId), answered only after the view is in the change log. */
export const nationalIdFullViewSchema = z.object({ personId: z.string(), nationalId: z.string() }).meta({ id: 'NationalIdFullView' });
export type NationalIdFullView = z.infer<typeof nationalIdFullViewSchema>;

/** What a grant or revoke changed, per person (an app already held, or not held, is unchanged). */
export const entitlementResultSchema = z
  .object({
    items: z.array(z.object({ personId: z.string(), changed: z.array(z.string()), unchanged: z.array(z.string()) })),
  })
  .meta({ id: 'EntitlementChangeResult' });
export type EntitlementResult = z.infer<typeof entitlementResultSchema>;

/** A unit as the administration API shows it, with its head's name. */
export const unitViewSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    parentId: z.string().optional(),
    headPersonId: z.string().optional(),
    headName: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'Unit' });
export type UnitView = z.infer<typeof unitViewSchema>;
export const unitListSchema = z.object({ items: z.array(unitViewSchema) });
export type UnitList = z.infer<typeof unitListSchema>;

/** One entry of 帳號異動記錄, with the names of who did it and whom it was about. */
export const changeLogItemSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    actor: z.object({ kind: z.string(), id: z.string(), name: z.string().optional() }),
    ip: z.string().optional(),
    zone: z.string().optional(),
    requestId: z.string().optional(),
    agencyIds: z.array(z.string()),
    personId: z.string().optional(),
    personName: z.string().optional(),
    targetType: z.string(),
    targetId: z.string(),
    changes: z.array(z.string()),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'ChangeLogEntry' });
export type ChangeLogItem = z.infer<typeof changeLogItemSchema>;

export const changeLogPageSchema = z
  .object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(changeLogItemSchema) })
  .meta({ id: 'ChangeLogPage' });
export type ChangeLogPage = z.infer<typeof changeLogPageSchema>;

/** 批次匯入's report: one line per data row (created, updated, unchanged, valid in a dry run, or failed with its reasons). */
export const importRowErrorSchema = z.object({ field: z.string(), message: z.string() });
export const importRowResultSchema = z.object({
  line: z.number(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'valid', 'failed']),
  personId: z.string().optional(),
  name: z.string().optional(),
  nationalIdMasked: z.string().optional(),
  errors: z.array(importRowErrorSchema),
});
export type ImportRowResult = z.infer<typeof importRowResultSchema>;

export const importReportSchema = z
  .object({
    encoding: z.enum(['utf-8', 'big5', 'utf-16le', 'utf-16be']),
    dryRun: z.boolean(),
    total: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    valid: z.number(),
    failed: z.number(),
    blankLines: z.array(z.number()),
    ignoredColumns: z.array(z.string()),
    rows: z.array(importRowResultSchema),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReportSchema>;
