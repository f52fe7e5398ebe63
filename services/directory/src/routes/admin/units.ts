import type { Router } from 'express';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as createUnit from '../../usecases/create-unit/index.ts';
import * as listUnits from '../../usecases/list-units/index.ts';
import { unitViewSchema } from '../../usecases/shared/units.ts';
import * as updateUnit from '../../usecases/update-unit/index.ts';
import { agencyIdParams, unitIdParams } from '../../usecases/shared/fields.ts';
import { adminOperation } from '../http.ts';

/** 單位: the unit tree and its heads. */
export function unitRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  return [
    adminOperation(
      router,
      {
        ...directoryRoutes.listUnits,
        summary: "An agency's unit tree (flat, each unit names its parent)",
        params: listUnits.query,
        response: { status: 200, schema: listUnits.result, description: 'units' },
      },
      ({ params }, actor) => listUnits.execute(ctx, actor, params),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.createUnit,
        summary: '新增單位 (agency administrators)',
        params: agencyIdParams,
        body: createUnit.command.omit({ agencyId: true }),
        response: { status: 201, schema: unitViewSchema, description: 'created' },
      },
      ({ params, body }, actor) => createUnit.execute(ctx, actor, { ...body, ...params }),
    ),
    adminOperation(
      router,
      {
        ...directoryRoutes.updateUnit,
        summary: 'Rename, move, or set the head of a unit (agency administrators)',
        params: unitIdParams,
        body: updateUnit.command.omit({ unitId: true }),
        response: { status: 200, schema: unitViewSchema, description: 'updated' },
      },
      ({ params, body }, actor) => updateUnit.execute(ctx, actor, { ...body, ...params }),
    ),
  ];
}
