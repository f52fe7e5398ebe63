import { unitViewSchema } from '@webitr/contracts';
import type { UnitView } from '@webitr/contracts';
import { InputError, NotFoundError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import type { Unit } from '../../models/unit.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { personChanged, unitChanged } from '../../messaging/publishers.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeDocument } from './document-writer.ts';
import { agencyNotFound } from './agencies.ts';

export { unitViewSchema };
export type { UnitView };

export async function unitView(ctx: DirectoryContext, unit: Unit, names?: ReadonlyMap<string, string>): Promise<UnitView> {
  const headName = unit.headPersonId
    ? (names?.get(unit.headPersonId) ?? (await ctx.models.Person.findById(unit.headPersonId, { name: 1 }).lean())?.name)
    : undefined;
  return compact({
    id: unit._id,
    agencyId: unit.agencyId,
    name: unit.name,
    parentId: unit.parentId,
    headPersonId: unit.headPersonId,
    headName,
    version: unit.version,
  });
}

/** A unit (or agency) head must be one of the agency's people, and not separated. */
export async function requireHeadIn(
  ctx: DirectoryContext,
  agencyId: string,
  personId: string,
  field = 'body.headPersonId',
  label = '單位主管',
): Promise<void> {
  const person = await ctx.models.Person.findById(personId, { agencyId: 1, status: 1 }).lean();
  if (!person || person.agencyId !== agencyId || person.status === 'separated') {
    throw new InputError({
      code: 'HEAD_NOT_IN_AGENCY',
      detail: `${label}須為本機關在職人員`,
      fields: [{ field, label, code: 'not_found', message: '本機關查無此在職人員' }],
    });
  }
}

export const unitNotFound = () => new NotFoundError({ code: 'UNIT_NOT_FOUND', detail: '查無此單位' });

/** A unit id given for an agency must be one of its units (400 naming the field otherwise). */
export async function requireUnitIn(ctx: DirectoryContext, agencyId: string, unitId: string, field = 'body.unitId'): Promise<Unit> {
  const unit = await ctx.models.Unit.findById(unitId).lean<Unit>();
  if (!unit || unit.agencyId !== agencyId) {
    throw new InputError({
      code: 'UNIT_NOT_FOUND',
      detail: '查無此單位',
      fields: [{ field, label: '單位', code: 'not_found', message: '本機關查無此單位' }],
    });
  }
  return unit;
}

/**
 * A person who leaves an agency (separated, transferred) stops heading its
 * units and the agency, so supervisor chains and final decisions never route
 * to someone who is gone. `stayingIn`: the agency the person is in now, whose
 * headships they keep (after a transfer). Idempotent: run again, it finds nothing.
 */
export async function releaseHeadships(
  ctx: DirectoryContext,
  actor: Actor,
  personId: string,
  reason: string,
  stayingIn?: string,
): Promise<void> {
  const elsewhere = stayingIn === undefined ? {} : { agencyId: { $ne: stayingIn } };
  const headed = await ctx.models.Unit.find({ headPersonId: personId, ...elsewhere }, { _id: 1 }).lean();
  for (const { _id } of headed) {
    await changeDocument<Unit>(ctx, ctx.models.Unit, _id, unitNotFound, (unit) =>
      unit.headPersonId !== personId
        ? undefined
        : {
            unset: ['headPersonId'],
            events: [unitChanged(unit._id, unit.agencyId, ['headPersonId']), personChanged(personId, unit.agencyId, ['roles'])],
            entries: [
              changeEntry(actor, {
                action: 'unit.updated',
                agencyIds: [unit.agencyId],
                targetType: 'unit',
                targetId: unit._id,
                personId,
                changes: ['headPersonId'],
                before: { headPersonId: personId },
                after: {},
                note: reason,
              }),
            ],
            affectsAgency: unit.agencyId,
          },
    );
  }
  const agencies = await ctx.models.Agency.find(
    { headPersonId: personId, ...(stayingIn === undefined ? {} : { _id: { $ne: stayingIn } }) },
    { _id: 1 },
  ).lean();
  for (const { _id } of agencies) {
    await changeDocument<Agency>(ctx, ctx.models.Agency, _id, agencyNotFound, (agency) =>
      agency.headPersonId !== personId
        ? undefined
        : {
            unset: ['headPersonId'],
            entries: [
              changeEntry(actor, {
                action: 'agency.updated',
                agencyIds: [agency._id],
                targetType: 'agency',
                targetId: agency._id,
                personId,
                changes: ['headPersonId'],
                before: { headPersonId: personId },
                after: {},
                note: reason,
              }),
            ],
          },
    );
  }
}
