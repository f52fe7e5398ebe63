import { routeTable } from './operation.ts';

/**
 * The approval service's operations (behind the gateway at /api/approvals).
 * Deciding is everyone's; flows, flow groups and category groups are the
 * attendance managers' administration.
 */
export const approvalRoutes = routeTable({
  inbox: { operationId: 'listInbox', method: 'get', path: '/inbox', access: 'app' },
  getCase: { operationId: 'getCase', method: 'get', path: '/cases/:caseId', access: 'app' },
  decide: { operationId: 'decideStep', method: 'post', path: '/cases/:caseId/decisions', access: 'app' },
  batch: { operationId: 'batchApprove', method: 'post', path: '/decisions/batch', access: 'app' },
  listFlows: { operationId: 'listFlows', method: 'get', path: '/agencies/:agencyId/flows', access: 'admin' },
  createFlow: { operationId: 'createFlow', method: 'post', path: '/agencies/:agencyId/flows', access: 'admin' },
  updateFlow: { operationId: 'updateFlow', method: 'put', path: '/agencies/:agencyId/flows/:flowId', access: 'admin' },
  deleteFlow: { operationId: 'deleteFlow', method: 'delete', path: '/agencies/:agencyId/flows/:flowId', access: 'admin' },
  copyFlow: { operationId: 'copyFlow', method: 'post', path: '/agencies/:agencyId/flows/:flowId/copy', access: 'admin' },
  saveFlowGroup: { operationId: 'saveFlowGroup', method: 'put', path: '/agencies/:agencyId/flow-groups/:groupId', access: 'admin' },
  // Services only: the route a draft would take (leave's quotes).
  previewRoute: { operationId: 'previewRoute', method: 'post', path: '/internal/routes/preview', access: 'internal' },
  saveCategoryGroup: { operationId: 'saveCategoryGroup', method: 'put', path: '/agencies/:agencyId/category-groups/:groupId', access: 'admin' },
});
