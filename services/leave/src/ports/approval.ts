/**
 * What the leave service asks the approval service before a form exists: the
 * route a draft would take (`POST /internal/routes/preview`, service
 * assertion). The adapter is adapters/approval-routes.ts.
 */
export interface RouteDraft {
  applicantId: string;
  agencyId: string;
  kind: 'leave' | 'overtime' | 'comp-time' | 'forgotten-punch';
  leaveType?: string;
  minutes: number;
  deputyId?: string;
}

export type RoutePreview =
  | { status: 'routable'; flowName?: string; steps: { label: string; approverIds: string[]; final: boolean; countersign: boolean }[] }
  | { status: 'unroutable'; reason: string };

export interface ApprovalRoutes {
  preview(draft: RouteDraft): Promise<RoutePreview>;
}
