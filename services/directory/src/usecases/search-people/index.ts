import { z } from 'zod';
import { InputError } from '@webitr/platform';
import { personSearchResultSchema, searchPeopleBody } from '@webitr/contracts';
import type { PersonListItem } from '@webitr/contracts';
import type { QueryFilter } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import type { Unit } from '../../models/unit.ts';
import { compact } from '../../audit/entries.ts';
import { MASKED_NATIONAL_ID_FORMAT, NATIONAL_ID_FORMAT, isValidNationalId } from '../../personal-data/national-id.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from '../shared/fields.ts';

/**
 * 查詢員工: by name (part of it), unit (with its sub-units if asked), national
 * ID (a full number is matched by its keyed hash; a masked one `A12*****89` or
 * its first characters by the masked form), status, job category, app. Paged,
 * sorted by name; national IDs come back masked.
 */
export const command = agencyIdParams.extend(searchPeopleBody.shape);
export type SearchPeopleCommand = z.infer<typeof command>;

export const result = personSearchResultSchema;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function execute(ctx: DirectoryContext, actor: Actor, command: SearchPeopleCommand): Promise<z.infer<typeof result>> {
  const { agencyId } = command;
  authorize(actor, 'view-people', agencyId);
  const { Person, Unit } = ctx.models;
  const units = await Unit.find({ agencyId }, { name: 1, parentId: 1 }).lean<Unit[]>();
  const filter: QueryFilter<Person> = { agencyId };
  if (command.name) filter.name = { $regex: escapeRegex(command.name) };
  if (command.unitId) filter.unitId = command.includeSubunits ? { $in: subtree(units, command.unitId) } : command.unitId;
  if (command.status) filter.status = command.status;
  if (command.jobCategory) filter.jobCategory = command.jobCategory;
  if (command.app) filter.apps = command.app;
  if (command.nationalId) Object.assign(filter, nationalIdFilter(ctx, command.nationalId));
  const [total, people] = await Promise.all([
    Person.countDocuments(filter),
    Person.find(filter, { journal: 0, outbox: 0, nationalIdCipher: 0 })
      .sort({ name: 1, _id: 1 })
      .skip((command.page - 1) * command.pageSize)
      .limit(command.pageSize)
      .lean<Person[]>(),
  ]);
  const unitNames = new Map(units.map((u) => [u._id, u.name]));
  return { total, page: command.page, pageSize: command.pageSize, items: people.map((p) => listItem(p, unitNames)) };
}

export function listItem(p: Person, unitNames: ReadonlyMap<string, string>): PersonListItem {
  return compact({
    id: p._id,
    name: p.name,
    nationalIdMasked: p.nationalIdMasked,
    email: p.email,
    unitId: p.unitId,
    unitName: p.unitId ? unitNames.get(p.unitId) : undefined,
    title: p.title,
    jobCategory: p.jobCategory,
    scheduleGroup: p.scheduleGroup,
    status: p.status,
    statusSince: p.statusSince,
    roles: (p.roles ?? []).map(({ role, agencyId }) => ({ role, agencyId })),
    apps: p.apps ?? [],
  });
}

function nationalIdFilter(ctx: DirectoryContext, value: string): QueryFilter<Person> {
  if (NATIONAL_ID_FORMAT.test(value)) {
    if (!isValidNationalId(value)) throw invalid('身分證字號檢查碼錯誤');
    return { nationalIdHash: ctx.protector.hash(value) };
  }
  if (MASKED_NATIONAL_ID_FORMAT.test(value)) return { nationalIdMasked: value };
  if (/^[A-Z](?:[1289]\d?)?$/.test(value)) return { nationalIdMasked: { $regex: `^${value}` } };
  throw invalid('請輸入完整身分證字號、遮罩後的號碼（如 A12*****89）或前 1 至 3 碼');
}

const invalid = (message: string) =>
  new InputError({
    detail: `身分證字號：${message}`,
    fields: [{ field: 'body.nationalId', label: '身分證字號', code: 'invalid', message }],
  });

/** A unit and every unit below it. */
function subtree(units: readonly Unit[], rootId: string): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length && ids.length <= units.length; i += 1) {
    for (const unit of units) if (unit.parentId === ids[i] && !ids.includes(unit._id)) ids.push(unit._id);
  }
  return ids;
}
