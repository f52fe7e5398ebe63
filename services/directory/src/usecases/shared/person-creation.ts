import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createPersonBody } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import type { GrantedRole, Person } from '../../models/person.ts';
import { identityKey, roleKey } from '../../models/person.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { entitlementGranted } from '../../messaging/publishers.ts';
import { authorize, may } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { todayInTaipei } from './dates.ts';
import { insertPerson } from './person-writer.ts';
import type { NewPerson } from './person-writer.ts';
import { requireUnitIn } from './units.ts';
import { auditedFields } from './views.ts';
import { loadAgency } from './agencies.ts';

/** 新增員工: a person joins the agency and receives its default apps (機關預設可用系統); the body is defined in contracts (forms/directory.ts). */
export const newPersonSchema = createPersonBody;
export type CreatePersonCommand = z.infer<typeof newPersonSchema>;

export interface CreateOptions {
  /** The apps exactly, instead of the agency defaults plus `apps` (the demo seed). */
  exactApps?: readonly string[];
  roles?: readonly GrantedRole[];
  /** Fixed id (the demo seed, so re-seeding finds its people). */
  id?: string;
  note?: string;
}

export async function createPerson(
  ctx: DirectoryContext,
  actor: Actor,
  agencyId: string,
  cmd: CreatePersonCommand,
  options: CreateOptions = {},
): Promise<Person> {
  authorize(actor, 'manage-people', agencyId);
  const agency = await loadAgency(ctx, agencyId);
  const extra = appsBeyondDefaults(agency, cmd.apps);
  if (extra.length > 0 && !may(actor, 'manage-apps', agencyId))
    throw new ForbiddenError({
      code: 'ROLE_REQUIRED',
      detail: `可用系統（${extra.join('、')}）僅機關管理員可以授權；新人員會自動取得機關預設可用系統`,
    });
  if (cmd.unitId) await requireUnitIn(ctx, agencyId, cmd.unitId);
  const created = newPerson(ctx, actor, agency, cmd, options);
  await insertPerson(ctx, created.person, created.events, created.entries);
  return created.person;
}

/**
 * A new person of the agency with the events and change-log entries of their
 * creation, not yet written; the caller has authorised the actor and checked
 * that the unit is the agency's (the import does both once for a whole file).
 */
export function newPerson(
  ctx: DirectoryContext,
  actor: Actor,
  agency: Agency,
  cmd: CreatePersonCommand,
  options: CreateOptions = {},
): NewPerson {
  const agencyId = agency._id;
  const id = options.id ?? randomUUID();
  const now = ctx.clock();
  const today = todayInTaipei(now);
  const since = cmd.statusSince ?? cmd.serviceStartDate ?? today;
  const apps = [...new Set(options.exactApps ?? [...(agency.defaultApps ?? []), ...cmd.apps])];
  const roles = (options.roles ?? []).map((role) => ({ role, agencyId }));
  const identities = dedupe(
    cmd.identities.map(({ issuer, subject }) => ({ issuer, subject })),
    identityKey,
  );
  const person: Person = compact({
    _id: id,
    agencyId,
    name: cmd.name,
    email: cmd.email,
    ...ctx.protector.protect(cmd.nationalId, id),
    identities,
    identityKeys: identities.map(identityKey),
    unitId: cmd.unitId,
    title: cmd.title,
    jobCategory: cmd.jobCategory,
    scheduleGroup: cmd.scheduleGroup,
    serviceStartDate: cmd.serviceStartDate,
    cardNumbers: [...new Set(cmd.cardNumbers)],
    status: cmd.status,
    statusSince: since,
    employment: [{ status: cmd.status, from: since }],
    assignments: [compact({ agencyId, unitId: cmd.unitId, from: cmd.serviceStartDate ?? today })],
    roles,
    roleKeys: roles.map((r) => roleKey(r.role, r.agencyId)),
    apps,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const entries = [
    changeEntry(actor, {
      action: 'person.created',
      agencyIds: [agencyId],
      targetType: 'person',
      targetId: id,
      personId: id,
      changes: ['created'],
      after: compact(auditedFields(person)),
      note: options.note,
    }),
    ...(apps.length > 0
      ? [
          changeEntry(actor, {
            action: 'entitlement.granted',
            agencyIds: [agencyId],
            targetType: 'person',
            targetId: id,
            personId: id,
            changes: ['apps'],
            before: { apps: [] },
            after: { apps },
            note: options.exactApps ? options.note : '機關預設可用系統',
          }),
        ]
      : []),
    ...(roles.length > 0
      ? [
          changeEntry(actor, {
            action: 'role.granted',
            agencyIds: [agencyId],
            targetType: 'person',
            targetId: id,
            personId: id,
            changes: ['roles'],
            before: { roles: [] },
            after: { roles: person.roleKeys },
            note: options.note,
          }),
        ]
      : []),
  ];
  return { person, events: apps.map((app) => entitlementGranted(id, agencyId, app, actor.id)), entries };
}

/** The apps asked for a new person that the agency does not grant everyone who joins (granting those is 可用系統's, the administrator's). */
export function appsBeyondDefaults(agency: Pick<Agency, 'defaultApps'>, apps: readonly string[]): string[] {
  return [...new Set(apps)].filter((app) => !(agency.defaultApps ?? []).includes(app));
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}
