import { z } from 'zod';
import type { Router } from 'express';
import { createRouter, mountOperation, personOf } from '@webitr/platform';
import { approvalRoutes, routePreviewSchema } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { ApprovalContext } from '../context.ts';
import * as batchApprove from '../usecases/batch-approve/index.ts';
import * as copyFlow from '../usecases/copy-flow/index.ts';
import * as decideStep from '../usecases/decide-step/index.ts';
import * as deleteFlow from '../usecases/delete-flow/index.ts';
import * as getCase from '../usecases/get-case/index.ts';
import * as listFlows from '../usecases/list-flows/index.ts';
import * as listInbox from '../usecases/list-inbox/index.ts';
import * as listMyDecisions from '../usecases/list-my-decisions/index.ts';
import * as previewRoute from '../usecases/preview-route/index.ts';
import * as saveCategoryGroup from '../usecases/save-category-group/index.ts';
import * as saveFlow from '../usecases/save-flow/index.ts';
import * as saveFlowGroup from '../usecases/save-flow-group/index.ts';

const caseParams = z.object({ caseId: z.string().min(1).max(200) });
const agencyParams = z.object({ agencyId: z.string().min(1).max(64) });
const flowParams = agencyParams.extend({ flowId: z.string().min(1).max(64) });
const groupParams = agencyParams.extend({ groupId: z.string().min(1).max(64) });
const flowBody = saveFlow.command.omit({ agencyId: true, flowId: true });
const draftBody = previewRoute.command.omit({ agencyId: true });

export const operations = {
  inbox: { ...approvalRoutes.inbox, summary: '批核案件: forms waiting for me (and for those I stand in for)', query: listInbox.query },
  getCase: { ...approvalRoutes.getCase, summary: 'A case with its route and full history', params: caseParams },
  decide: {
    ...approvalRoutes.decide,
    summary: 'Approve, reject, return or comment on the current step',
    params: caseParams,
    body: decideStep.command.omit({ caseId: true }),
  },
  batch: { ...approvalRoutes.batch, summary: '批次核准', body: batchApprove.command },
  myDecisions: {
    ...approvalRoutes.myDecisions,
    summary: '批核紀錄: the cases I decided, and for whom I stood in',
    query: listMyDecisions.query,
  },
  listFlows: { ...approvalRoutes.listFlows, summary: "The agency's flows, flow groups and category groups", params: agencyParams },
  createFlow: {
    ...approvalRoutes.createFlow,
    summary: 'Create a flow (refused if it could resolve to nobody)',
    params: agencyParams,
    body: flowBody,
    response: { status: 201, description: 'created' },
  },
  updateFlow: { ...approvalRoutes.updateFlow, summary: 'Edit a flow (version-checked)', params: flowParams, body: flowBody },
  deleteFlow: {
    ...approvalRoutes.deleteFlow,
    summary: 'Delete a flow (forms in flight keep their route)',
    params: flowParams,
    response: { status: 204, description: 'deleted' },
  },
  copyFlow: {
    ...approvalRoutes.copyFlow,
    summary: 'Copy a flow to another flow group or category group',
    params: flowParams,
    body: copyFlow.command.omit({ agencyId: true, flowId: true }),
    response: { status: 201, description: 'created' },
  },
  saveFlowGroup: {
    ...approvalRoutes.saveFlowGroup,
    summary: '流程群組',
    params: groupParams,
    body: saveFlowGroup.command.omit({ id: true, agencyId: true }),
  },
  saveCategoryGroup: {
    ...approvalRoutes.saveCategoryGroup,
    summary: '差假類別群組',
    params: groupParams,
    body: saveCategoryGroup.command.omit({ id: true, agencyId: true }),
  },
  previewAgencyRoute: {
    ...approvalRoutes.previewAgencyRoute,
    summary: '批核流程查詢: who would decide a form of this person today, step by step (nothing is stored)',
    params: agencyParams,
    body: draftBody,
    response: {
      status: 200,
      schema: routePreviewSchema,
      description: 'the route with who decides each step today, or why it is unroutable',
    },
  },
} as const satisfies Record<string, Operation>;

/** The approval API, behind the gateway at /api/approvals (where each operation is and who may reach it: approvalRoutes in @webitr/contracts). Every handler knows who is asking (personOf). */
export function routes(ctx: ApprovalContext): Router {
  const router = createRouter();
  const ops = operations;
  mountOperation(router, ops.inbox, ({ query, res }) => listInbox.execute(ctx, personOf(res), query));
  mountOperation(router, ops.getCase, ({ params, res }) => getCase.execute(ctx, personOf(res), params));
  mountOperation(router, ops.decide, ({ params, body, res }) => decideStep.execute(ctx, personOf(res), { ...body, caseId: params.caseId }));
  mountOperation(router, ops.myDecisions, ({ query, res }) => listMyDecisions.execute(ctx, personOf(res), query));
  mountOperation(router, ops.batch, ({ body, res }) => batchApprove.execute(ctx, personOf(res), body));
  mountOperation(router, ops.listFlows, ({ params, res }) => listFlows.execute(ctx, personOf(res), params));
  mountOperation(router, ops.createFlow, ({ params, body, res }) =>
    saveFlow.execute(ctx, personOf(res), { ...body, agencyId: params.agencyId }),
  );
  mountOperation(router, ops.updateFlow, ({ params, body, res }) =>
    saveFlow.execute(ctx, personOf(res), { ...body, agencyId: params.agencyId, flowId: params.flowId }),
  );
  mountOperation(router, ops.deleteFlow, async ({ params, res }) => {
    await deleteFlow.execute(ctx, personOf(res), params);
  });
  mountOperation(router, ops.copyFlow, ({ params, body, res }) => copyFlow.execute(ctx, personOf(res), { ...body, ...params }));
  mountOperation(router, ops.saveFlowGroup, ({ params, body, res }) =>
    saveFlowGroup.execute(ctx, personOf(res), { ...body, id: params.groupId, agencyId: params.agencyId }),
  );
  mountOperation(router, ops.saveCategoryGroup, ({ params, body, res }) =>
    saveCategoryGroup.execute(ctx, personOf(res), { ...body, id: params.groupId, agencyId: params.agencyId }),
  );
  // The same use case as the leave service's quotes, asked by a person: it checks that they may configure the agency's flows.
  mountOperation(router, ops.previewAgencyRoute, ({ params, body, res }) =>
    previewRoute.execute(ctx, personOf(res), { ...body, agencyId: params.agencyId }),
  );
  return router;
}
