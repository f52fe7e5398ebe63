import type { Router } from 'express';
import { z } from 'zod';
import { agencySummarySchema, directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as createAgency from '../../usecases/create-agency/index.ts';
import * as getAgency from '../../usecases/get-agency/index.ts';
import * as listAgencies from '../../usecases/list-agencies/index.ts';
import * as setDefaultApps from '../../usecases/set-agency-default-apps/index.ts';
import * as updateAgency from '../../usecases/update-agency/index.ts';
import { authorize } from '../../domain/access.ts';
import { agencyIdParams } from '../../usecases/shared/fields.ts';
import { adminOperation } from '../http.ts';

/** 機關: list (the caller's), create and move (system administrators), default apps (agency administrators). */
export function agencyRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  return [
    adminOperation(
      router,
      {
        ...directoryRoutes.listAgencies,
        summary: 'The agencies the caller administers (all: system administrators)',
        response: { status: 200, schema: z.object({ items: z.array(agencySummarySchema) }), description: 'agencies' },
      },
      (_input, actor) => listAgencies.execute(ctx, actor),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.createAgency,
        summary: '新增機關 (system administrators)',
        body: createAgency.command,
        response: { status: 201, schema: agencySummarySchema, description: 'created' },
      },
      ({ body }, actor) => createAgency.execute(ctx, actor, body),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.getAgency,
        summary: 'One agency (its administrators and attendance managers)',
        params: agencyIdParams,
        response: { status: 200, schema: agencySummarySchema, description: 'the agency' },
      },
      ({ params }, actor) => {
        authorize(actor, 'view-people', params.agencyId);
        return getAgency.execute(ctx, params);
      },
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.updateAgency,
        summary:
          'Rename an agency or move it in the hierarchy (system administrators); set its head, 機關首長 (its agency administrators too)',
        params: agencyIdParams,
        body: updateAgency.command.omit({ agencyId: true }),
        response: { status: 200, schema: agencySummarySchema, description: 'updated' },
      },
      ({ params, body }, actor) => updateAgency.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.setAgencyDefaultApps,
        summary: '機關預設可用系統 (agency administrators)',
        params: agencyIdParams,
        body: setDefaultApps.command.omit({ agencyId: true }),
        response: { status: 200, schema: agencySummarySchema, description: 'updated' },
      },
      ({ params, body }, actor) => setDefaultApps.execute(ctx, actor, { ...body, ...params }),
    ),
  ];
}
