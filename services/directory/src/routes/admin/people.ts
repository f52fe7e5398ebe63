import type { Router } from 'express';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as createPerson from '../../usecases/create-person/index.ts';
import * as getPerson from '../../usecases/get-person/index.ts';
import * as grantApp from '../../usecases/grant-app/index.ts';
import * as grantEntitlements from '../../usecases/grant-entitlements/index.ts';
import * as grantRole from '../../usecases/grant-role/index.ts';
import * as listSeparatedPeople from '../../usecases/list-separated-people/index.ts';
import * as reinstatePerson from '../../usecases/reinstate-person/index.ts';
import * as revokeApp from '../../usecases/revoke-app/index.ts';
import * as revokeEntitlements from '../../usecases/revoke-entitlements/index.ts';
import * as revokeRole from '../../usecases/revoke-role/index.ts';
import * as searchPeople from '../../usecases/search-people/index.ts';
import * as separatePerson from '../../usecases/separate-person/index.ts';
import * as suspendPerson from '../../usecases/suspend-person/index.ts';
import * as transferPerson from '../../usecases/transfer-person/index.ts';
import * as updatePerson from '../../usecases/update-person/index.ts';
import * as viewNationalId from '../../usecases/view-national-id/index.ts';
import { entitlementResultSchema } from '../../usecases/shared/entitlements.ts';
import { agencyIdParams, personIdParams } from '../../usecases/shared/fields.ts';
import { personDetailSchema } from '../../usecases/shared/views.ts';
import { adminOperation } from '../http.ts';

/** 機關員工管理: people, their status, transfer, roles and apps (可用系統). */
export function peopleRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  const statusChanges = { separate: separatePerson, suspend: suspendPerson, reinstate: reinstatePerson };
  const statusRoutes = (['separate', 'suspend', 'reinstate'] as const).map((change) =>
    adminOperation(
      router,
      {
        ...directoryRoutes[`${change}Person`],
        summary: {
          separate: '離職 (agency administrators; a reason is required, kept in the change log and the employment history)',
          suspend: '留職停薪 (agency administrators)',
          reinstate: '復職 (agency administrators)',
        }[change],
        params: personIdParams,
        body: statusChanges[change].command.omit({ personId: true }),
        response: { status: 200, schema: personDetailSchema, description: 'the person' },
      },
      ({ params, body }, actor) => statusChanges[change].execute(ctx, actor, { ...body, ...params }),
    ),
  );
  return [
    adminOperation(
      router,
      {
        ...directoryRoutes.searchPeople,
        summary: '查詢員工 (POST so a national ID never appears in a URL)',
        params: agencyIdParams,
        body: searchPeople.command.omit({ agencyId: true }),
        response: { status: 200, schema: searchPeople.result, description: 'a page of people, national IDs masked' },
      },
      ({ params, body }, actor) => searchPeople.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.listSeparatedPeople,
        summary: '離職人員查詢: separated people whose 離職 took effect in a period, newest first, national IDs masked',
        params: agencyIdParams,
        query: listSeparatedPeople.query.omit({ agencyId: true }),
        response: { status: 200, schema: listSeparatedPeople.result, description: 'a page of separated people' },
      },
      ({ params, query }, actor) => listSeparatedPeople.execute(ctx, actor, { ...query, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.createPerson,
        summary: '新增員工 (agency administrators); the agency default apps are granted',
        params: agencyIdParams,
        body: createPerson.command.omit({ agencyId: true }),
        response: { status: 201, schema: personDetailSchema, description: 'created' },
      },
      ({ params, body }, actor) => createPerson.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.getPerson,
        summary: 'One person (national ID masked)',
        params: getPerson.query,
        response: { status: 200, schema: personDetailSchema, description: 'the person' },
      },
      ({ params }, actor) => getPerson.execute(ctx, actor, params),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.updatePerson,
        summary: '編輯員工資料 (agency administrators)',
        params: personIdParams,
        body: updatePerson.command.omit({ personId: true }),
        response: { status: 200, schema: personDetailSchema, description: 'updated' },
      },
      ({ params, body }, actor) => updatePerson.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.viewNationalId,
        summary:
          'The full national ID: attendance managers and administrators of the agency; a reason is required and every view is written to the change log with it',
        params: personIdParams,
        body: viewNationalId.command.omit({ personId: true }),
        response: { status: 200, schema: viewNationalId.result, description: 'the full number' },
      },
      ({ params, body }, actor, res) => {
        res.setHeader('cache-control', 'no-store');
        return viewNationalId.execute(ctx, actor, { ...body, ...params });
      },
    ),
    ...statusRoutes,
    adminOperation(
      router,
      {
        ...directoryRoutes.transferPerson,
        summary: '機關員工轉移 (administrators of both agencies, or system administrators)',
        params: personIdParams,
        body: transferPerson.command.omit({ personId: true }),
        response: { status: 200, schema: personDetailSchema, description: 'the person in the new agency' },
      },
      ({ params, body }, actor) => transferPerson.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.grantApp,
        summary: '可用系統: grant one app to one person (agency administrators)',
        params: grantApp.command,
        response: { status: 200, schema: entitlementResultSchema, description: 'what changed' },
      },
      ({ params }, actor) => grantApp.execute(ctx, actor, params),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.revokeApp,
        summary: '可用系統: revoke one app from one person (agency administrators)',
        params: revokeApp.command,
        response: { status: 200, schema: entitlementResultSchema, description: 'what changed' },
      },
      ({ params }, actor) => revokeApp.execute(ctx, actor, params),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.grantApps,
        summary: 'Grant apps to many people of the agency (all or nothing)',
        params: agencyIdParams,
        body: grantEntitlements.command.omit({ agencyId: true }),
        response: { status: 200, schema: entitlementResultSchema, description: 'what changed per person' },
      },
      ({ params, body }, actor) => grantEntitlements.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.revokeApps,
        summary: 'Revoke apps from many people of the agency (all or nothing)',
        params: agencyIdParams,
        body: revokeEntitlements.command.omit({ agencyId: true }),
        response: { status: 200, schema: entitlementResultSchema, description: 'what changed per person' },
      },
      ({ params, body }, actor) => revokeEntitlements.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.grantRole,
        summary: 'Grant a role in the person’s agency (system-admin only by system administrators)',
        params: grantRole.command,
        response: { status: 200, schema: personDetailSchema, description: 'the person' },
      },
      ({ params }, actor) => grantRole.execute(ctx, actor, params),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.revokeRole,
        summary: 'Revoke a role',
        params: revokeRole.command,
        response: { status: 200, schema: personDetailSchema, description: 'the person' },
      },
      ({ params }, actor) => revokeRole.execute(ctx, actor, params),
    ),
  ];
}
