import { approvalInternalApi, createApiClient } from '@webitr/contracts';
import type { ApiTransport, PendingApprovals } from '@webitr/contracts';

/** The cases waiting for each approver now (待批核), from the approval service. */
export interface Approvals {
  pending(): Promise<PendingApprovals>;
}

export function approvalService(transport: ApiTransport): Approvals {
  const approval = createApiClient(approvalInternalApi, transport);
  return { pending: () => approval.listPendingApprovals() };
}
