import { listMyRecordsQuery } from '@webitr/contracts';
import type { ListMyRecordsQuery, MyRecordsView } from '@webitr/contracts';
import { formatDuration } from '@webitr/work-calendar';
import { DAY_MINUTES } from '../../domain/rules/types.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { periodFilter } from '../shared/form-queries.ts';
import { formView } from '../shared/views.ts';

export const query = listMyRecordsQuery;
export type Query = ListMyRecordsQuery;

/** 差勤資料查詢: my approved leave, overtime and punches in a period, with totals per type. */
export async function execute(ctx: LeaveContext, actor: Actor, query: Query): Promise<MyRecordsView> {
  const forms = await ctx.models.forms
    .find({ applicantId: actor.sub, status: { $in: ['approved', 'cancel-requested'] }, ...periodFilter(query) })
    .sort({ start: 1 })
    .lean<FormDoc[]>();
  const totals = new Map<string, { title: string; count: number; minutes: number }>();
  for (const form of forms) {
    const title = form.kind === 'leave' || form.kind === 'comp-time' ? form.leaveTypeName! : form.kind === 'overtime' ? '加班' : '忘刷卡';
    const t = totals.get(title) ?? { title, count: 0, minutes: 0 };
    t.count += 1;
    t.minutes += form.minutes;
    totals.set(title, t);
  }
  return {
    items: forms.map(formView),
    totals: [...totals.values()].map((t) => ({ ...t, duration: formatDuration(t.minutes, DAY_MINUTES) })),
  };
}
