import { defaultPolicy } from '../../domain/policy.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import type { LeaveContext } from '../../context.ts';

/** The agency's policy; an agency that never changed anything has the defaults at version 0. */
export async function loadPolicy(ctx: LeaveContext, agencyId: string): Promise<AgencyPolicy> {
  const doc = await ctx.models.policies.findById(agencyId).lean();
  if (!doc) return defaultPolicy(agencyId);
  return { agencyId, version: doc.version, overrides: doc.overrides ?? {}, settings: doc.settings };
}
