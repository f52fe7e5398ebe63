// The approval service's administration API as the 批核流程 pages call it (the
// gateway publishes it under /api/approvals): typed by the contracts' request
// schemas and views, with the query keys the pages share.
import type { RoutePreview } from '@webitr/contracts/api/approval';
import type { CategoryGroupBody, CopyFlowBody, FlowBody, FlowGroupBody, RouteDraftBody } from '@webitr/contracts/forms/approval';
import type { FlowsView, SavedFlowView } from '@webitr/contracts/views/approval';
import { api } from './index.ts';

const BASE = '/api/approvals/agencies';
const seg = encodeURIComponent;

/** Every flow query starts with this key: a save invalidates them all (flows and groups move together). */
export const FLOWS_KEY = ['approval', 'flows'] as const;

export const flowKeys = {
  config: (agencyId: string) => [...FLOWS_KEY, agencyId] as const,
};

/** A saved group answers the group and who still has no route. */
export type SavedGroupView = { id: string; name: string; unroutable: SavedFlowView['unroutable'] };

export const approvalAdmin = {
  listFlows: (agencyId: string) => api.get<FlowsView>(`${BASE}/${seg(agencyId)}/flows`),
  createFlow: (agencyId: string, body: FlowBody, idempotencyKey: string) =>
    api.post<SavedFlowView>(`${BASE}/${seg(agencyId)}/flows`, body, { idempotencyKey }),
  updateFlow: (agencyId: string, flowId: string, body: FlowBody) =>
    api.put<SavedFlowView>(`${BASE}/${seg(agencyId)}/flows/${seg(flowId)}`, body),
  deleteFlow: (agencyId: string, flowId: string) => api.delete<void>(`${BASE}/${seg(agencyId)}/flows/${seg(flowId)}`),
  copyFlow: (agencyId: string, flowId: string, body: CopyFlowBody, idempotencyKey: string) =>
    api.post<SavedFlowView>(`${BASE}/${seg(agencyId)}/flows/${seg(flowId)}/copy`, body, { idempotencyKey }),
  saveFlowGroup: (agencyId: string, groupId: string, body: FlowGroupBody) =>
    api.put<SavedGroupView>(`${BASE}/${seg(agencyId)}/flow-groups/${seg(groupId)}`, body),
  saveCategoryGroup: (agencyId: string, groupId: string, body: CategoryGroupBody) =>
    api.put<SavedGroupView>(`${BASE}/${seg(agencyId)}/category-groups/${seg(groupId)}`, body),
  previewRoute: (agencyId: string, body: RouteDraftBody) => api.post<RoutePreview>(`${BASE}/${seg(agencyId)}/routes/preview`, body),
};
