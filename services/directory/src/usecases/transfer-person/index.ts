import { z } from 'zod';
import { ConflictError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Assignment } from '../../models/person.ts';
import { roleKey } from '../../models/person.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { entitlementGranted, entitlementRevoked, personChanged } from '../../messaging/publishers.ts';
import { authorize } from '../shared/access.ts';
import type { Actor } from '../shared/actor.ts';
import { todayInTaipei } from '../shared/dates.ts';
import { appsSchema, calendarDateSchema, reasonSchema, unitIdSchema, versionSchema } from '../shared/fields.ts';
import { changePerson } from '../shared/person-writer.ts';
import { releaseHeadships, requireUnitIn } from '../shared/units.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';
import { loadAgency } from '../get-agency/index.ts';

/**
 * 機關員工轉移: the person moves to another agency and stays the same person
 * (same id, same change log, employment and agency history kept). Roles scoped
 * to the old agency end, card numbers (per agency) end, unit headships end;
 * the apps become the new agency's defaults plus those explicitly kept.
 * Both agencies must be the caller's (a system administrator's are all).
 */
export const command = z.object({
  version: versionSchema.optional(),
  toAgencyId: z.string().min(1).meta({ title: '轉入機關' }),
  unitId: unitIdSchema.optional(),
  date: calendarDateSchema.optional().meta({ title: '生效日' }),
  keepApps: appsSchema.default([]).meta({ title: '保留的可用系統' }),
  reason: reasonSchema.optional(),
});
export type TransferPersonCommand = z.infer<typeof command>;

export async function execute(ctx: DirectoryContext, actor: Actor, personId: string, cmd: TransferPersonCommand): Promise<PersonDetail> {
  authorize(actor, 'manage-people', cmd.toAgencyId);
  const target = await loadAgency(ctx, cmd.toAgencyId);
  if (cmd.unitId) await requireUnitIn(ctx, target._id, cmd.unitId);
  const date = cmd.date ?? todayInTaipei();
  const { person } = await changePerson(
    ctx,
    personId,
    (person) => {
      authorize(actor, 'manage-people', person.agencyId);
      if (person.agencyId === target._id) throw new ConflictError({ code: 'SAME_AGENCY', detail: '轉入機關與目前機關相同' });
      const from = person.agencyId;
      const held = person.apps ?? [];
      const apps = [...new Set([...(target.defaultApps ?? []), ...cmd.keepApps.filter((app) => held.includes(app))])];
      const revoked = held.filter((app) => !apps.includes(app));
      const granted = apps.filter((app) => !held.includes(app));
      const roles = (person.roles ?? []).filter((r) => r.agencyId !== from).map(({ role, agencyId }) => ({ role, agencyId }));
      const assignments: Assignment[] = [
        ...(person.assignments ?? []).map((a) => (a.until ? a : { ...a, until: date })).map((a) => compact(a)),
        compact({ agencyId: target._id, unitId: cmd.unitId, from: date }),
      ];
      const before = compact({ agencyId: from, unitId: person.unitId, apps: held, roles: person.roles?.map((r) => roleKey(r.role, r.agencyId)), cardNumbers: person.cardNumbers });
      const after = compact({ agencyId: target._id, unitId: cmd.unitId, apps, roles: roles.map((r) => roleKey(r.role, r.agencyId)), cardNumbers: [] });
      return {
        set: { agencyId: target._id, ...(cmd.unitId ? { unitId: cmd.unitId } : {}), apps, roles, roleKeys: roles.map((r) => roleKey(r.role, r.agencyId)), cardNumbers: [], assignments },
        unset: cmd.unitId || person.unitId === undefined ? [] : ['unitId'],
        events: [
          ...revoked.map((app) => entitlementRevoked(person._id, from, app, actor.id)),
          ...granted.map((app) => entitlementGranted(person._id, target._id, app, actor.id)),
          personChanged(person._id, target._id, ['agencyId', 'unitId', 'roles', 'apps']),
        ],
        entries: [
          changeEntry(actor, {
            action: 'person.transferred',
            agencyIds: [from, target._id],
            targetType: 'person',
            targetId: person._id,
            personId: person._id,
            changes: Object.keys(after).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after])),
            before,
            after,
            note: cmd.reason,
          }),
        ],
      };
    },
    { expectedVersion: cmd.version },
  );
  await releaseHeadships(ctx, actor, personId, '人員轉出機關');
  return personDetail(person);
}
