import { conflict, invalid } from '../../domain/errors.ts';
import { ForbiddenError, writeWithVersion } from '@webitr/platform';
import type { DeputyListView } from '@webitr/contracts';
import { canDo } from '../../domain/form.ts';
import type { DeputyListDoc } from '../../models/deputy-list.ts';
import type { DeputyRef, FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { overlappingAbsences } from './forms.ts';

/** The seed's words (002): a deputy with an unfinished leave request in the interval cannot act. */
export const DEPUTY_ON_LEAVE_MESSAGE = '在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。';

/** Whether the person has own leave (pending or approved) overlapping the interval. */
export async function isOnLeave(ctx: LeaveContext, personId: string, start: Date, end: Date): Promise<boolean> {
  return (await overlappingAbsences(ctx, personId, start, end)).length > 0;
}

/**
 * The deputy a form names: the one asked for (who must be on the applicant's
 * list and free), or else the first on the list who is free. A person must set
 * up deputies before the first leave request (seed 002: 第一次使用需先設定代理人).
 */
export async function chooseDeputy(
  ctx: LeaveContext,
  applicantId: string,
  start: Date,
  end: Date,
  requested: string | undefined,
): Promise<DeputyRef> {
  const list = await ctx.models.deputyLists.findById(applicantId).lean();
  const deputies = list?.deputies ?? [];
  if (deputies.length === 0)
    throw conflict('DEPUTIES_NOT_SET', 'body.deputyId', '職務代理人', '第一次使用需先設定代理人 (個人資料 / 代理人設定)');
  if (requested) {
    const entry = deputies.find((d) => d.personId === requested);
    if (!entry) throw invalid('DEPUTY_NOT_IN_LIST', 'body.deputyId', '職務代理人', '職務代理人須為您代理人設定中的人員');
    if (await isOnLeave(ctx, requested, start, end))
      throw conflict('DEPUTY_ON_LEAVE', 'body.deputyId', '職務代理人', `${entry.name}${DEPUTY_ON_LEAVE_MESSAGE}`);
    return { personId: entry.personId, name: entry.name, status: 'pending' };
  }
  for (const entry of deputies) {
    if (!(await isOnLeave(ctx, entry.personId, start, end))) return { personId: entry.personId, name: entry.name, status: 'pending' };
  }
  throw conflict('DEPUTY_ON_LEAVE', 'body.deputyId', '職務代理人', `您的代理人皆${DEPUTY_ON_LEAVE_MESSAGE}請增設代理人`);
}

/**
 * The duty the actor is asked to answer on a form (同意/不同意): theirs and still
 * pending — on a form waiting for its deputy, or, after a 代理移轉, on one in
 * approval or approved. `transfer` when it was handed on to them.
 */
export function dutyToAnswer(actor: Actor, form: FormDoc): { deputy: DeputyRef; transfer: boolean } {
  const deputy = form.deputy;
  if (!deputy || deputy.personId !== actor.sub) throw new ForbiddenError({ code: 'NOT_DEPUTY', detail: '您不是此表單的職務代理人' });
  const transfer = deputy.transferredFrom !== undefined;
  if (deputy.status !== 'pending' || !(transfer ? canDo('transfer-deputy', form.status) : form.status === 'waiting-for-deputy')) {
    throw conflict('DEPUTY_ALREADY_ANSWERED', 'params.formId', '表單', '此代理案件已不需您簽核');
  }
  return { deputy, transfer };
}

/** 代理人設定: an ordered list (add, move up/down, remove); the seed allows several (代理人可設多位). */
export type { DeputyListView };

export const deputyListView = (doc: DeputyListDoc | null): DeputyListView => ({
  deputies: (doc?.deputies ?? []).map((d, i) => ({ order: i + 1, ...d })),
  version: doc?.version ?? 0,
});

/** Apply a change to the actor's list with a version check (creating the list on the first add); a lost race is decided again. */
export async function changeDeputyList(
  ctx: LeaveContext,
  actor: Actor,
  edit: (deputies: DeputyListDoc['deputies']) => DeputyListDoc['deputies'],
): Promise<DeputyListView> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const doc = await ctx.models.deputyLists.findById(actor.sub).lean<DeputyListDoc>();
    const deputies = edit(doc?.deputies ?? []);
    const now = ctx.clock();
    if (!doc) {
      try {
        await ctx.models.deputyLists.create({ _id: actor.sub, agencyId: actor.agencyId, deputies, version: 1, updatedAt: now });
        return deputyListView({ _id: actor.sub, agencyId: actor.agencyId, deputies, version: 1, updatedAt: now });
      } catch {
        continue;
      }
    }
    if (await writeWithVersion(ctx.models.deputyLists, doc, { $set: { deputies, updatedAt: now } }))
      return deputyListView({ ...doc, deputies, version: doc.version + 1 });
  }
  throw conflict('DEPUTY_LIST_BUSY', 'body.personId', '代理人', '代理人設定正被同時修改，請重新整理後再試');
}
