import { z } from 'zod';
import { ConflictError } from '@webitr/platform';
import { transferPersonBody } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Assignment, Person } from '../../models/person.ts';
import type { ChangeAction } from '../../models/change-log.ts';
import { roleKey } from '../../models/person.ts';
import { changeEntry, compact, sameValue } from '../../audit/entries.ts';
import { entitlementGranted, entitlementRevoked, personChanged } from '../../messaging/publishers.ts';
import { authorize, authorizePersonChange } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { todayInTaipei } from '../shared/dates.ts';
import { personIdParams } from '../shared/fields.ts';
import { changePerson } from '../shared/person-writer.ts';
import { releaseHeadships, requireUnitIn } from '../shared/units.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';
import { loadAgency } from '../shared/agencies.ts';

/**
 * 機關員工轉移: the person moves to another agency and stays the same person
 * (same id, same change log, employment and agency history kept). Roles scoped
 * to the old agency end, card numbers (per agency) end, unit headships end;
 * the apps become the new agency's defaults plus those explicitly kept.
 * Both agencies must be the caller's (a system administrator's are all).
 */
export const command = personIdParams.extend(transferPersonBody.shape);
export type TransferPersonCommand = z.infer<typeof command>;

export async function execute(ctx: DirectoryContext, actor: Actor, command: TransferPersonCommand): Promise<PersonDetail> {
  const { personId } = command;
  authorize(actor, 'manage-people', command.toAgencyId);
  const target = await loadAgency(ctx, command.toAgencyId);
  if (command.unitId) await requireUnitIn(ctx, target._id, command.unitId);
  const date = command.date ?? todayInTaipei(ctx.clock());
  const note = command.reason ?? '機關員工轉移';
  const { person } = await changePerson(
    ctx,
    personId,
    (person) => {
      authorizePersonChange(actor, person);
      if (person.agencyId === target._id) throw new ConflictError({ code: 'SAME_AGENCY', detail: '轉入機關與目前機關相同' });
      const from = person.agencyId;
      const held = person.apps ?? [];
      const apps = [...new Set([...(target.defaultApps ?? []), ...command.keepApps.filter((app) => held.includes(app))])];
      const revoked = held.filter((app) => !apps.includes(app));
      const granted = apps.filter((app) => !held.includes(app));
      const heldRoles = (person.roles ?? []).map((r) => roleKey(r.role, r.agencyId));
      const roles = (person.roles ?? []).filter((r) => r.agencyId !== from).map(({ role, agencyId }) => ({ role, agencyId }));
      const roleKeys = roles.map((r) => roleKey(r.role, r.agencyId));
      const assignments = closeAssignment(person, date);
      assignments.push(compact({ agencyId: target._id, unitId: command.unitId, from: date }));
      const before = compact({
        agencyId: from,
        unitId: person.unitId,
        apps: held,
        roles: heldRoles,
        cardNumbers: person.cardNumbers ?? [],
      });
      const after = compact({ agencyId: target._id, unitId: command.unitId, apps, roles: roleKeys, cardNumbers: [] });
      // Every field that differs, including one only the old side has (a unit left without a new one).
      const changes = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (k) => !sameValue(before[k as keyof typeof before], after[k as keyof typeof after]),
      );
      const entry = (action: ChangeAction, field: string, was: unknown, now: unknown) =>
        changeEntry(actor, {
          action,
          agencyIds: [from, target._id],
          targetType: 'person',
          targetId: person._id,
          personId: person._id,
          changes: [field],
          before: { [field]: was },
          after: { [field]: now },
          note,
        });
      return {
        set: {
          agencyId: target._id,
          ...(command.unitId ? { unitId: command.unitId } : {}),
          apps,
          roles,
          roleKeys,
          cardNumbers: [],
          assignments,
        },
        unset: command.unitId || person.unitId === undefined ? [] : ['unitId'],
        events: [
          ...revoked.map((app) => entitlementRevoked(person._id, from, app, actor.id)),
          ...granted.map((app) => entitlementGranted(person._id, target._id, app, actor.id)),
          personChanged(person._id, target._id, changes),
        ],
        // The transfer as one entry, and each role and app change as its own, so a
        // query by action (role.revoked, entitlement.granted …) finds them too.
        entries: [
          changeEntry(actor, {
            action: 'person.transferred',
            agencyIds: [from, target._id],
            targetType: 'person',
            targetId: person._id,
            personId: person._id,
            changes,
            before,
            after,
            note: command.reason,
          }),
          ...(roleKeys.length !== heldRoles.length ? [entry('role.revoked', 'roles', heldRoles, roleKeys)] : []),
          ...(revoked.length > 0
            ? [
                entry(
                  'entitlement.revoked',
                  'apps',
                  held,
                  held.filter((app) => !revoked.includes(app)),
                ),
              ]
            : []),
          ...(granted.length > 0
            ? [
                entry(
                  'entitlement.granted',
                  'apps',
                  held.filter((app) => !revoked.includes(app)),
                  apps,
                ),
              ]
            : []),
        ],
      };
    },
    { expectedVersion: command.version },
  );
  // Also done by the directory's own consumer of the person.changed event written
  // with the transfer, in case this process stops right here.
  await releaseHeadships(ctx, actor, personId, '人員轉出機關', person.agencyId);
  return personDetail(person);
}

/**
 * The assignment history with the current one closed on the transfer date. A
 * person without one (created before assignments were kept) gets one for the
 * agency they leave, so the previous agency stays in the history.
 */
function closeAssignment(person: Person, date: string): Assignment[] {
  const history = (person.assignments ?? []).map((a) => compact({ ...a }));
  const current = history.find((a) => !a.until && a.agencyId === person.agencyId);
  if (current && date < current.from) {
    throw new ConflictError({ code: 'DATE_BEFORE_CURRENT_ASSIGNMENT', detail: `生效日不可早於目前任職的起日 ${current.from}` });
  }
  const closed = history.map((a) => (a.until ? a : { ...a, until: date }));
  if (!current) {
    const since = person.serviceStartDate && person.serviceStartDate <= date ? person.serviceStartDate : date;
    closed.push(compact({ agencyId: person.agencyId, unitId: person.unitId, from: since, until: date }));
  }
  return closed;
}
