import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { conflict, invalid } from '../../domain/errors.ts';
import { agencySettingsSchema, DEFAULT_SETTINGS, refusedOverrides, ruleOverridesSchema } from '../../domain/policy.ts';
import { event } from '../../messaging/publishers.ts';
import { outboxOnCreate, writeWithVersion } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';
import { agencyPolicyView, loadPolicy } from '../shared/policies.ts';

export const command = z.object({
  /** The version the manager edited (optimistic concurrency); 0 for an agency still on the defaults. */
  expectedVersion: z.number().int().min(0).meta({ title: '版本' }),
  overrides: ruleOverridesSchema.meta({ title: '假別調整' }),
  settings: agencySettingsSchema.optional().meta({ title: '機關設定' }),
  reason: z.string().trim().min(1, '異動原因不得空白').max(200).meta({ title: '異動原因' }),
});

export type Command = z.infer<typeof command>;

/**
 * An attendance manager adjusts the agency's leave types and settings. The
 * change, its revision (who, when, why, the whole new state) and its event are
 * one single-document write, conditional on the version the manager saw.
 * An override enabling a type the regulation gives none of (教師 休假) is
 * refused with 400 `OVERRIDE_AGAINST_REGULATION` naming the field.
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, command: Command) {
  if (!mayIn(actor, 'manage-leave-policy', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可調整差假規則' });
  const [refused] = refusedOverrides(command.overrides);
  if (refused) throw invalid('OVERRIDE_AGAINST_REGULATION', refused.field, refused.label, refused.message);
  const current = await loadPolicy(ctx, agencyId);
  if (current.version !== command.expectedVersion)
    throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', `差假規則已被修改 (目前版本${current.version})，請重新整理後再試`);
  const version = current.version + 1;
  const settings = command.settings ?? current.settings ?? DEFAULT_SETTINGS;
  const now = ctx.clock();
  const revision = { version, at: now, actorId: actor.sub, reason: command.reason, overrides: command.overrides, settings };
  const changed = event('leave.policy.changed', { agencyId, version, actorId: actor.sub, reason: command.reason });
  if (current.version === 0) {
    try {
      await ctx.models.policies.create({
        _id: agencyId,
        version,
        overrides: command.overrides,
        settings,
        revisions: [revision],
        updatedAt: now,
        ...outboxOnCreate([changed]),
      });
    } catch {
      throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', '差假規則已被修改，請重新整理後再試');
    }
  } else {
    const written = await writeWithVersion(
      ctx.models.policies,
      { _id: agencyId, version: current.version },
      { $set: { overrides: command.overrides, settings, updatedAt: now }, $push: { revisions: revision } },
      { events: [changed] },
    );
    if (!written) throw conflict('POLICY_VERSION', 'body.expectedVersion', '版本', '差假規則已被修改，請重新整理後再試');
  }
  ctx.kick();
  return agencyPolicyView(ctx, actor, agencyId);
}
