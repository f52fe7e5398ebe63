import { InputError, NotFoundError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import type { Unit } from '../../models/unit.ts';
import { changeEntry } from '../../audit/entries.ts';
import { personChanged, unitChanged } from '../../messaging/publishers.ts';
import type { Actor } from './actor.ts';
import { changeDocument } from './document-writer.ts';
import { agencyNotFound } from '../get-agency/index.ts';

export const unitNotFound = () => new NotFoundError({ code: 'UNIT_NOT_FOUND', detail: '查無此單位' });

/** A unit id given for an agency must be one of its units (400 naming the field otherwise). */
export async function requireUnitIn(ctx: DirectoryContext, agencyId: string, unitId: string, field = 'body.unitId'): Promise<Unit> {
  const unit = await ctx.models.Unit.findById(unitId).lean<Unit>();
  if (!unit || unit.agencyId !== agencyId) {
    throw new InputError({ code: 'UNIT_NOT_FOUND', detail: '查無此單位', fields: [{ field, label: '單位', code: 'not_found', message: '本機關查無此單位' }] });
  }
  return unit;
}

/**
 * A person who leaves an agency (separated, transferred) stops heading its
 * units and the agency, so supervisor chains and final decisions never route
 * to someone who is gone. `stayingIn`: the agency the person is in now, whose
 * headships they keep (after a transfer). Idempotent: run again, it finds nothing.
 */
export async function releaseHeadships(ctx: DirectoryContext, actor: Actor, personId: string, reason: string, stayingIn?: string): Promise<void> {
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
  const agencies = await ctx.models.Agency.find({ headPersonId: personId, ...(stayingIn === undefined ? {} : { _id: { $ne: stayingIn } }) }, { _id: 1 }).lean();
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
