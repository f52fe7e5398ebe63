import { z } from 'zod';
import type { ServiceClient } from '@webitr/platform';
import type { ApprovalRoutes, RouteDraft, RoutePreview } from '../ports/approval.ts';

/** The approval service's answer, as the leave service reads it. */
const previewSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('routable'),
    flowName: z.string().optional(),
    steps: z.array(z.object({ label: z.string(), approverIds: z.array(z.string()), final: z.boolean(), countersign: z.boolean() })),
  }),
  z.object({ status: z.literal('unroutable'), reason: z.string() }),
]);

export const APPROVAL_ROUTE_PREVIEW_PATH = '/internal/routes/preview';

/** The approval service's route preview through a service client (service assertion). */
export class ApprovalHttpRoutes implements ApprovalRoutes {
  readonly #client: ServiceClient;
  constructor(client: ServiceClient) {
    this.#client = client;
  }

  async preview(draft: RouteDraft): Promise<RoutePreview> {
    return previewSchema.parse(await this.#client.request<unknown>('POST', APPROVAL_ROUTE_PREVIEW_PATH, draft)) as RoutePreview;
  }
}
