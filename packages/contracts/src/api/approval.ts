import { z } from 'zod';
import { formKindSchema } from '../events/leave.ts';
import { routeDraftSchema } from '../forms/approval.ts';
import { apiTable } from './client.ts';
import { routeTable, routesOf } from './operation.ts';

/** The route a draft would take, or why no flow can route it (the reason the applicant would get). */
export const routePreviewSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('routable'),
      flowName: z.string().optional(),
      steps: z.array(
        z.object({
          label: z.string(),
          approverIds: z.array(z.string()),
          final: z.boolean(),
          countersign: z.boolean(),
          /** 代理批核 today: an approver of this step away on approved leave now, and the deputy who decides in their place. */
          standIns: z.array(z.object({ approverId: z.string(), deputyId: z.string() })).optional(),
        }),
      ),
      /** Names of the approvers and stand-ins, by id (those the directory could not name are left out: show the id). */
      names: z.record(z.string(), z.string()).optional(),
    }),
    z.object({ status: z.literal('unroutable'), reason: z.string() }),
  ])
  .meta({ id: 'RoutePreview' });
export type RoutePreview = z.infer<typeof routePreviewSchema>;

/**
 * Every approver's cases waiting for them now (the current step's approvers),
 * oldest first: the notification service's daily digest (每日待批核). Ids,
 * kinds and times only: the digest names no applicant, leave type or reason.
 */
export const pendingApprovalsSchema = z
  .object({
    items: z.array(
      z.object({
        approverId: z.string(),
        cases: z.array(
          z.object({
            caseId: z.string(),
            formId: z.string(),
            kind: formKindSchema,
            subject: z.enum(['request', 'cancellation']),
            /** When the current step started waiting (ISO instant). */
            since: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PendingApprovals' });
export type PendingApprovals = z.infer<typeof pendingApprovalsSchema>;

/** The approval service's internal API, for services only (leave's quotes call it through `createApiClient(approvalInternalApi, …)`). */
export const approvalInternalApi = apiTable({
  previewRoute: {
    operationId: 'previewRoute',
    method: 'post',
    path: '/internal/routes/preview',
    access: 'internal',
    summary: "The route a draft would take (the leave service's quotes); nothing is stored (service assertions only)",
    body: routeDraftSchema,
    response: { status: 200, schema: routePreviewSchema, description: 'the route, or why the draft is unroutable' },
    problems: [],
  },
  listPendingApprovals: {
    operationId: 'listPendingApprovals',
    method: 'get',
    path: '/internal/pending-approvals',
    access: 'internal',
    summary: "Every approver's waiting cases, oldest first (the notification service's daily digest; service assertions only)",
    response: { status: 200, schema: pendingApprovalsSchema, description: 'per approver, the cases waiting for them' },
    problems: [],
  },
});

/**
 * The approval service's operations (behind the gateway at /api/approvals).
 * Deciding is everyone's; flows, flow groups and category groups are the
 * attendance managers' administration; the route preview is for services,
 * and for those administrators by agency (批核流程查詢).
 */
export const approvalRoutes = routeTable({
  inbox: { operationId: 'listInbox', method: 'get', path: '/inbox', access: 'app' },
  getCase: { operationId: 'getCase', method: 'get', path: '/cases/:caseId', access: 'app' },
  decide: { operationId: 'decideStep', method: 'post', path: '/cases/:caseId/decisions', access: 'app' },
  batch: { operationId: 'batchApprove', method: 'post', path: '/decisions/batch', access: 'app' },
  myDecisions: { operationId: 'listMyDecisions', method: 'get', path: '/decisions', access: 'app' },
  listFlows: { operationId: 'listFlows', method: 'get', path: '/agencies/:agencyId/flows', access: 'admin' },
  createFlow: { operationId: 'createFlow', method: 'post', path: '/agencies/:agencyId/flows', access: 'admin', idempotent: true },
  updateFlow: { operationId: 'updateFlow', method: 'put', path: '/agencies/:agencyId/flows/:flowId', access: 'admin' },
  deleteFlow: { operationId: 'deleteFlow', method: 'delete', path: '/agencies/:agencyId/flows/:flowId', access: 'admin' },
  copyFlow: { operationId: 'copyFlow', method: 'post', path: '/agencies/:agencyId/flows/:flowId/copy', access: 'admin', idempotent: true },
  saveFlowGroup: { operationId: 'saveFlowGroup', method: 'put', path: '/agencies/:agencyId/flow-groups/:groupId', access: 'admin' },
  ...routesOf(approvalInternalApi),
  /** 批核流程查詢: the same route preview for the agency's flow administrators (a person, a form, its length). */
  previewAgencyRoute: {
    operationId: 'previewAgencyRoute',
    method: 'post',
    path: '/agencies/:agencyId/routes/preview',
    access: 'admin',
  },
  saveCategoryGroup: {
    operationId: 'saveCategoryGroup',
    method: 'put',
    path: '/agencies/:agencyId/category-groups/:groupId',
    access: 'admin',
  },
});
