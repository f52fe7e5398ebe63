import { defaultPolicy, effectiveRules, honouredOverrides, refusedOverrides } from '../../domain/policy.ts';
import { RULE_SETS } from '../../domain/rules/index.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from './access.ts';

/**
 * The agency's policy; an agency that never changed anything has the defaults at version 0.
 * An override stored before the regulation's limits were checked on saving (教師 休假 enabled, the old advice)
 * is left out with a warning: the policy read, shown and saved again is without it.
 */
export async function loadPolicy(ctx: LeaveContext, agencyId: string): Promise<AgencyPolicy> {
  const doc = await ctx.models.policies.findById(agencyId).lean();
  if (!doc) return defaultPolicy(agencyId);
  const stored = doc.overrides ?? {};
  const refused = refusedOverrides(stored);
  if (refused.length > 0)
    ctx.logger.warn(
      { agencyId, version: doc.version, ignored: refused.map((r) => r.field.replace(/^body\./, '')) },
      'stored leave-policy overrides the regulation does not allow are ignored; saving the policy again drops them',
    );
  return { agencyId, version: doc.version, overrides: honouredOverrides(stored), settings: doc.settings };
}

/** The agency's leave types as its people have them, its settings, and (for its attendance managers) the history of changes. */
export async function agencyPolicyView(ctx: LeaveContext, actor: Actor, agencyId: string) {
  const policy = await loadPolicy(ctx, agencyId);
  const doc = await ctx.models.policies.findById(agencyId, { revisions: 1 }).lean();
  return {
    agencyId,
    version: policy.version,
    settings: policy.settings,
    overrides: policy.overrides,
    ruleSets: Object.values(RULE_SETS).map((set) => ({
      id: set.id,
      name: set.name,
      version: set.version,
      effectiveFrom: set.effectiveFrom,
      types: effectiveRules(set.id, policy),
    })),
    revisions: mayIn(actor, 'manage-leave-policy', agencyId) ? (doc?.revisions ?? []) : undefined,
  };
}
