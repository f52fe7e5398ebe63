import { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { flowSchema } from '../../domain/flow.ts';
import { saveFlow } from '../shared/flow-config.ts';

export const command = flowSchema.extend({
  /** Present when editing: the flow edited. */
  flowId: z.string().min(1).max(64).optional(),
  /** Present when editing: the version the editor started from. */
  version: z.number().int().nonnegative().optional().meta({ title: '流程版本' }),
});
export type Command = z.infer<typeof command>;

/** Create a flow, or edit one (`flowId`), checked with the run time's routing (shared/flow-config.ts). */
export function execute(ctx: ApprovalContext, actor: PersonIdentity, command: Command) {
  const { flowId, ...flow } = command;
  return saveFlow(ctx, actor, flowId, flow);
}
