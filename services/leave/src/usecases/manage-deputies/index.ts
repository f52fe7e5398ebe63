import { z } from 'zod';
import { conflict, invalid } from '../../domain/errors.ts';
import { dateTimeField } from '@webitr/work-calendar';
import type { DeputyListDoc } from '../../models/deputy-list.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { isOnLeave } from '../shared/deputies.ts';

/** 代理人設定: an ordered list (add, move up/down, remove); the seed allows several (代理人可設多位). */
export const MAX_DEPUTIES = 10;

export const addDeputyCommand = z.object({ personId: z.string().trim().min(1).max(64).meta({ title: '代理人' }) });
export const moveDeputyCommand = z.object({ direction: z.enum(['up', 'down']).meta({ title: '移動方向' }) });
export const eligibilityQuery = z.object({
  start: dateTimeField('請假起時'),
  end: dateTimeField('請假迄時'),
});

export interface DeputyListView {
  deputies: { order: number; personId: string; name: string; unitName?: string; available?: boolean; message?: string }[];
  version: number;
}

const view = (doc: DeputyListDoc | null): DeputyListView => ({
  deputies: (doc?.deputies ?? []).map((d, i) => ({ order: i + 1, ...d })),
  version: doc?.version ?? 0,
});

export async function listDeputies(ctx: LeaveContext, actor: Actor, interval?: z.infer<typeof eligibilityQuery>): Promise<DeputyListView> {
  const list = view(await ctx.models.deputyLists.findById(actor.sub).lean());
  if (!interval) return list;
  for (const d of list.deputies) {
    d.available = !(await isOnLeave(ctx, d.personId, interval.start, interval.end));
    if (!d.available) d.message = '在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。';
  }
  return list;
}

/** Apply a change to the list with a version check (creating the list on the first add). */
async function change(ctx: LeaveContext, actor: Actor, edit: (deputies: DeputyListDoc['deputies']) => DeputyListDoc['deputies']): Promise<DeputyListView> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const doc = await ctx.models.deputyLists.findById(actor.sub).lean<DeputyListDoc>();
    const deputies = edit(doc?.deputies ?? []);
    const now = ctx.clock();
    if (!doc) {
      try {
        await ctx.models.deputyLists.create({ _id: actor.sub, agencyId: actor.agencyId, deputies, version: 1, updatedAt: now });
        return view({ _id: actor.sub, agencyId: actor.agencyId, deputies, version: 1, updatedAt: now });
      } catch {
        continue;
      }
    }
    const result = await ctx.models.deputyLists.updateOne({ _id: actor.sub, version: doc.version }, { $set: { deputies, updatedAt: now }, $inc: { version: 1 } });
    if (result.modifiedCount === 1) return view({ ...doc, deputies, version: doc.version + 1 });
  }
  throw conflict('DEPUTY_LIST_BUSY', 'body.personId', '代理人', '代理人設定正被同時修改，請重新整理後再試');
}

export async function addDeputy(ctx: LeaveContext, actor: Actor, command: z.infer<typeof addDeputyCommand>): Promise<DeputyListView> {
  if (command.personId === actor.sub) throw invalid('DEPUTY_SELF', 'body.personId', '代理人', '不得設定自己為代理人');
  const person = await ctx.people.get(command.personId).catch(() => undefined);
  if (!person) throw invalid('DEPUTY_UNKNOWN', 'body.personId', '代理人', `查無人員 ${command.personId}`);
  // Someone of another agency is no one here: the refusal does not name them.
  if (person.agencyId !== actor.agencyId) throw invalid('DEPUTY_OTHER_AGENCY', 'body.personId', '代理人', '此人員不在本機關，無法設定為代理人');
  if (person.status !== 'active') throw invalid('DEPUTY_NOT_ACTIVE', 'body.personId', '代理人', `${person.name}目前非在職狀態`);
  return change(ctx, actor, (deputies) => {
    if (deputies.some((d) => d.personId === person.id)) throw conflict('DEPUTY_DUPLICATE', 'body.personId', '代理人', `${person.name}已在代理人名單中`);
    if (deputies.length >= MAX_DEPUTIES) throw conflict('DEPUTY_LIST_FULL', 'body.personId', '代理人', `代理人最多${MAX_DEPUTIES}位`);
    return [...deputies, { personId: person.id, name: person.name, ...(person.unitName ? { unitName: person.unitName } : {}) }];
  });
}

export async function moveDeputy(ctx: LeaveContext, actor: Actor, personId: string, command: z.infer<typeof moveDeputyCommand>): Promise<DeputyListView> {
  return change(ctx, actor, (deputies) => {
    const index = deputies.findIndex((d) => d.personId === personId);
    if (index < 0) throw invalid('DEPUTY_NOT_IN_LIST', 'params.personId', '代理人', '此人不在代理人名單中');
    const target = command.direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= deputies.length) return deputies;
    const next = [...deputies];
    [next[index], next[target]] = [next[target]!, next[index]!];
    return next;
  });
}

export async function removeDeputy(ctx: LeaveContext, actor: Actor, personId: string): Promise<DeputyListView> {
  return change(ctx, actor, (deputies) => {
    if (!deputies.some((d) => d.personId === personId)) throw invalid('DEPUTY_NOT_IN_LIST', 'params.personId', '代理人', '此人不在代理人名單中');
    return deputies.filter((d) => d.personId !== personId);
  });
}
