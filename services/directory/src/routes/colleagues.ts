import type { Router } from 'express';
import { mountOperation, personOf } from '@webitr/platform';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../context.ts';
import * as searchColleagues from '../usecases/search-colleagues/index.ts';

/**
 * What every person of an agency may ask the directory (not administration):
 * the colleagues they may name as deputy, in their own agency only.
 */
export function colleagueRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  const operation = {
    ...directoryRoutes.searchColleagues,
    summary:
      '代理人查詢: active colleagues of the caller’s own agency by part of a name or unit name, or by unit (name, unit, title, id only)',
    query: searchColleagues.query,
    response: { status: 200, schema: searchColleagues.result, description: 'a page of colleagues, sorted by name' },
  } satisfies Operation;
  mountOperation(router, operation, ({ query, res }) => searchColleagues.execute(ctx, personOf(res), query));
  return [operation];
}
