import { approvalInternalApi, createApiClient } from '@webitr/contracts';
import type { ApiClient, ApiTransport } from '@webitr/contracts';

/**
 * What the leave service asks the approval service before a form exists: the
 * route a draft would take (its internal route preview, service assertion).
 */
export type ApprovalRoutes = Pick<ApiClient<typeof approvalInternalApi>, 'previewRoute'>;

export const approvalRoutes = (transport: ApiTransport): ApprovalRoutes => createApiClient(approvalInternalApi, transport);
