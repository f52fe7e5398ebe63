import { AppError, ConflictError } from '@webitr/platform';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, jobCategorySchema } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { SEED_ACTOR } from '../../domain/actor.ts';
import { createAgency } from '../shared/agency-creation.ts';
import { updateAgency } from '../shared/agency-update.ts';
import { createPerson } from '../shared/person-creation.ts';
import { createUnit } from '../shared/unit-creation.ts';
import { updateUnit } from '../shared/unit-update.ts';

/** The demo person's id: stable, so other services' demo data can refer to it. */
export const demoPersonId = (username: string) => `demo-${username}`;

/**
 * Who heads which demo unit: the principal 校長室, the director 教務處, the personnel officer 人事室;
 * in the city, the section chief (組長) 資訊安全組, so its staff's forms reach a unit head.
 */
const DEMO_HEADS: Record<string, string> = {
  'KH-GUANGHUA-ES/校長室': 'principal',
  'KH-GUANGHUA-ES/教務處': 'director',
  'KH-GUANGHUA-ES/人事室': 'personnel',
  'TP-DOIT/資訊安全組': 'section-chief',
};
const TOP_UNIT = '校長室';
/** Agency heads (機關首長), who make final decisions (決行). */
const DEMO_AGENCY_HEADS: Record<string, string> = { 'KH-GUANGHUA-ES': 'principal' };

const NOTE = 'demo-seed';
const alreadyThere = (error: unknown) => error instanceof ConflictError;

/**
 * Seed DEMO_AGENCIES and DEMO_ACCOUNTS (development only, DIRECTORY_SEED_DEMO=true).
 * Idempotent: what exists is left as it is, so a restart or a second process
 * changes nothing, and an administrator's later changes to the demo data stay.
 */
export async function execute(ctx: DirectoryContext): Promise<{ agencies: number; units: number; people: number }> {
  const created = { agencies: 0, units: 0, people: 0 };
  const { Agency, Unit, Person } = ctx.models;
  for (const agency of DEMO_AGENCIES) {
    if (await Agency.exists({ _id: agency.id })) continue;
    await createAgency(
      ctx,
      SEED_ACTOR,
      { id: agency.id, name: agency.name, level: agency.level, parentId: agency.parentId, defaultApps: [...agency.defaultApps] },
      NOTE,
    ).then(
      () => (created.agencies += 1),
      (error: unknown) => {
        if (!alreadyThere(error)) throw error;
      },
    );
  }
  const unitIds = new Map<string, string>();
  // The top unit first (校長室 of a school), so the others can hang under it and supervisor chains reach the principal.
  const keys = [...new Set(DEMO_ACCOUNTS.map((a) => `${a.agencyId}/${a.unit}`))].sort(
    (a, b) => Number(b.endsWith(`/${TOP_UNIT}`)) - Number(a.endsWith(`/${TOP_UNIT}`)),
  );
  for (const key of keys) {
    const [agencyId, name] = key.split('/') as [string, string];
    let unit = await Unit.findOne({ agencyId, name }, { _id: 1 }).lean();
    if (!unit) {
      const parentId = name === TOP_UNIT ? undefined : unitIds.get(`${agencyId}/${TOP_UNIT}`);
      await createUnit(ctx, SEED_ACTOR, agencyId, { name, ...(parentId ? { parentId } : {}) }, NOTE).then(
        () => (created.units += 1),
        (error: unknown) => {
          if (!alreadyThere(error)) throw error;
        },
      );
      unit = await Unit.findOne({ agencyId, name }, { _id: 1 }).lean();
    }
    unitIds.set(key, unit!._id);
  }
  for (const account of DEMO_ACCOUNTS) {
    const id = demoPersonId(account.username);
    if (await Person.exists({ _id: id })) continue;
    await createPerson(
      ctx,
      SEED_ACTOR,
      account.agencyId,
      {
        nationalId: account.nationalId,
        name: account.name,
        email: account.email.toLowerCase(),
        unitId: unitIds.get(`${account.agencyId}/${account.unit}`),
        title: account.title,
        ...(account.serviceStartDate ? { serviceStartDate: account.serviceStartDate } : {}),
        jobCategory: jobCategorySchema.parse(account.jobCategory),
        cardNumbers: account.cardNumber ? [account.cardNumber] : [],
        identities: [],
        status: account.status,
        apps: [],
      },
      { id, exactApps: account.apps, roles: account.roles, note: NOTE },
    ).then(
      () => (created.people += 1),
      (error: unknown) => {
        if (!(error instanceof AppError && error.status === 409)) throw error;
      },
    );
  }
  for (const [key, username] of Object.entries(DEMO_HEADS)) {
    const unitId = unitIds.get(key);
    const unit = unitId ? await Unit.findById(unitId, { headPersonId: 1 }).lean() : undefined;
    if (unit && !unit.headPersonId) await updateUnit(ctx, SEED_ACTOR, unit._id, { headPersonId: demoPersonId(username) }, NOTE);
  }
  for (const [agencyId, username] of Object.entries(DEMO_AGENCY_HEADS)) {
    const agency = await Agency.findById(agencyId, { headPersonId: 1 }).lean();
    if (agency && !agency.headPersonId) await updateAgency(ctx, SEED_ACTOR, agencyId, { headId: demoPersonId(username) });
  }
  return created;
}
