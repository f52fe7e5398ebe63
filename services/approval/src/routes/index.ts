import { Router } from 'express';
import { z } from 'zod';
import { mountOperation, personOf } from '@webitr/platform';
import type { Operation } from '@webitr/contracts';
import type { ApprovalContext } from '../context.ts';
import { categoryGroupSchema, flowGroupSchema, flowSchema } from '../domain/flow.ts';
import * as batchApprove from '../usecases/batch-approve/index.ts';
import * as decideStep from '../usecases/decide-step/index.ts';
import * as flows from '../usecases/delete-flow/index.ts';
import * as getCase from '../usecases/get-case/index.ts';
import * as listInbox from '../usecases/list-inbox/index.ts';
import * as saveFlow from '../usecases/save-flow/index.ts';
import * as groups from '../usecases/save-groups/index.ts';

const caseParams = z.object({ caseId: z.string().min(1).max(200) });
const agencyParams = z.object({ agencyId: z.string().min(1).max(64) });
const flowParams = agencyParams.extend({ flowId: z.string().min(1).max(64) });
const groupParams = agencyParams.extend({ groupId: z.string().min(1).max(64) });
const flowBody = saveFlow.saveFlowCommand.omit({ agencyId: true });

export const operations = {
  inbox: { operationId: 'listInbox', method: 'get', path: '/inbox', summary: '批核案件: forms waiting for me (and for those I stand in for)', query: listInbox.listInboxQuery },
  getCase: { operationId: 'getCase', method: 'get', path: '/cases/:caseId', summary: 'A case with its route and full history', params: caseParams },
  decide: { operationId: 'decideStep', method: 'post', path: '/cases/:caseId/decisions', summary: 'Approve, reject, return or comment on the current step', params: caseParams, body: decideStep.decideStepCommand },
  batch: { operationId: 'batchApprove', method: 'post', path: '/decisions/batch', summary: '批次核准', body: batchApprove.batchApproveCommand },
  listFlows: { operationId: 'listFlows', method: 'get', path: '/agencies/:agencyId/flows', summary: 'The agency\'s flows, flow groups and category groups', params: agencyParams },
  createFlow: { idempotent: true, operationId: 'createFlow', method: 'post', path: '/agencies/:agencyId/flows', summary: 'Create a flow (refused if it could resolve to nobody)', params: agencyParams, body: flowBody, response: { status: 201, description: 'created' } },
  updateFlow: { operationId: 'updateFlow', method: 'put', path: '/agencies/:agencyId/flows/:flowId', summary: 'Edit a flow (version-checked)', params: flowParams, body: flowBody },
  deleteFlow: { operationId: 'deleteFlow', method: 'delete', path: '/agencies/:agencyId/flows/:flowId', summary: 'Delete a flow (forms in flight keep their route)', params: flowParams, response: { status: 204, description: 'deleted' } },
  copyFlow: {
    idempotent: true,
    operationId: 'copyFlow',
    method: 'post',
    path: '/agencies/:agencyId/flows/:flowId/copy',
    summary: 'Copy a flow to another flow group or category group',
    params: flowParams,
    body: flowSchema.pick({ name: true, flowGroupId: true, categoryGroupId: true }),
    response: { status: 201, description: 'created' },
  },
  saveFlowGroup: { operationId: 'saveFlowGroup', method: 'put', path: '/agencies/:agencyId/flow-groups/:groupId', summary: '流程群組', params: groupParams, body: flowGroupSchema.omit({ id: true, agencyId: true }) },
  saveCategoryGroup: { operationId: 'saveCategoryGroup', method: 'put', path: '/agencies/:agencyId/category-groups/:groupId', summary: '差假類別群組', params: groupParams, body: categoryGroupSchema.omit({ id: true, agencyId: true }) },
} as const satisfies Record<string, Operation>;

/** The approval API, behind the gateway at /api/approvals. Every handler knows who is asking (personOf). */
export function routes(ctx: ApprovalContext): Router {
  const router = Router();
  const ops = operations;
  mountOperation(router, ops.inbox, ({ query, res }) => listInbox.execute(ctx, personOf(res), query));
  mountOperation(router, ops.getCase, ({ params, res }) => getCase.execute(ctx, personOf(res), params.caseId));
  mountOperation(router, ops.decide, ({ params, body, res }) => decideStep.execute(ctx, personOf(res), params.caseId, body));
  mountOperation(router, ops.batch, ({ body, res }) => batchApprove.execute(ctx, personOf(res), body));
  mountOperation(router, ops.listFlows, ({ params, res }) => flows.list(ctx, personOf(res), params.agencyId));
  mountOperation(router, ops.createFlow, ({ params, body, res }) => saveFlow.execute(ctx, personOf(res), undefined, { ...body, agencyId: params.agencyId }));
  mountOperation(router, ops.updateFlow, ({ params, body, res }) => saveFlow.execute(ctx, personOf(res), params.flowId, { ...body, agencyId: params.agencyId }));
  mountOperation(router, ops.deleteFlow, async ({ params, res }) => {
    await flows.remove(ctx, personOf(res), params.agencyId, params.flowId);
  });
  mountOperation(router, ops.copyFlow, ({ params, body, res }) => flows.copy(ctx, personOf(res), params.agencyId, params.flowId, body));
  mountOperation(router, ops.saveFlowGroup, ({ params, body, res }) => groups.saveFlowGroup(ctx, personOf(res), { ...body, id: params.groupId, agencyId: params.agencyId }));
  mountOperation(router, ops.saveCategoryGroup, ({ params, body, res }) =>
    groups.saveCategoryGroup(ctx, personOf(res), { ...body, id: params.groupId, agencyId: params.agencyId }),
  );
  return router;
}
