import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { conflict } from '../../domain/errors.ts';
import { agencySettingsSchema, DEFAULT_SETTINGS, effectiveRules, ruleOverridesSchema } from '../../domain/policy.ts';
import { RULE_SETS } from '../../domain/rules/index.ts';
import { event } from '../../messaging/publishers.ts';
import { withOutbox } from '@webitr/platform';
import { outboxOnCreate } from '@webitr/platform';
import type { AgencyPolicyDoc } from '../../models/agency-policy.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { isManagerOf } from '../shared/forms.ts';
import { loadPolicy } from '../shared/policies.ts';

export const policyCommand = z.object({
  /** The version the manager edited (optimistic concurrency); 0 for an agency still on the defaults. */
  expectedVersion: z.number().int().min(0).meta({ title: '版本' }),
  overrides: ruleOverridesSchema.meta({ title: '假別調整' }),
  settings: agencySettingsSchema.optional().meta({ title: '機關設定' }),
  reason: z.string().trim().min(1, '異動原因不得空白').max(200).meta({ title: '異動原因' }),
});

/** The agency's leave types as its people have them, its settings, and the history of changes. */
export async function getAgencyPolicy(ctx: LeaveContext, actor: Actor, agencyId: string) {
  if (actor.agencyId !== agencyId && !isManagerOf(actor, agencyId)) throw new ForbiddenError({ code: 'OTHER_AGENCY', detail: '僅可查詢本機關的差假規則' });
  const policy = await loadPolicy(ctx, agencyId);
  const doc = await ctx.models.policies.findById(agencyId, { revisions: 1 }).lean();
  return {
    agencyId,
    version: policy.version,
    settings: policy.settings,
    overrides: policy.overrides,
    ruleSets: Object.values(RULE_SETS).map((set) => ({ id: set.id, name: set.name, version: set.version, effectiveFrom: set.effectiveFrom, types: effectiveRules(set.id, policy) })),
    revisions: isManagerOf(actor, agencyId) ? (doc?.revisions ?? []) : undefined,
  };
}

/**
 * An attendance manager adjusts the agency's leave types and settings. The
 * change, its revision (who, when, why, the whole new state) and its event are
 * one single-document write, conditional on the version the manager saw.
 */
export async function setAgencyPolicy(ctx: LeaveContext, actor: Actor, agencyId: string, command: z.infer<typeof policyCommand>) {
  if (!isManagerOf(actor, agencyId)) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可調整差假規則' });
  const current = await loadPolicy(ctx, agencyId);
  if (current.version !== command.expectedVersion) throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', `差假規則已被修改 (目前版本${current.version})，請重新整理後再試`);
  const version = current.version + 1;
  const settings = command.settings ?? current.settings ?? DEFAULT_SETTINGS;
  const now = ctx.clock();
  const revision = { version, at: now, actorId: actor.sub, reason: command.reason, overrides: command.overrides, settings };
  const changed = event('leave.policy.changed', { agencyId, version, actorId: actor.sub, reason: command.reason });
  if (current.version === 0) {
    try {
      await ctx.models.policies.create({ _id: agencyId, version, overrides: command.overrides, settings, revisions: [revision], updatedAt: now, ...outboxOnCreate([changed]) });
    } catch {
      throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', '差假規則已被修改，請重新整理後再試');
    }
  } else {
    const result = await ctx.models.policies.updateOne(
      { _id: agencyId, version: current.version },
      withOutbox<AgencyPolicyDoc>({ $set: { version, overrides: command.overrides, settings, updatedAt: now }, $push: { revisions: revision } }, [changed]),
    );
    if (result.modifiedCount !== 1) throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', '差假規則已被修改，請重新整理後再試');
  }
  ctx.kick();
  return getAgencyPolicy(ctx, actor, agencyId);
}
