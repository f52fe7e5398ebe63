import { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { CATEGORIES } from '../../domain/categories.ts';
import { viewOf } from '../shared/preferences-view.ts';
import type { PreferencesView } from '../shared/preferences-view.ts';

/** Whether each category comes by e-mail, true or false (代理通知, 批核通知, 申請結果通知; 每日摘要 may be left out: it keeps its setting). */
export const command = z.object({
  email: z.object({
    deputy: z.boolean({ error: '請選擇是否以電子郵件接收代理通知' }),
    approval: z.boolean({ error: '請選擇是否以電子郵件接收批核通知' }),
    result: z.boolean({ error: '請選擇是否以電子郵件接收申請結果通知' }),
    digest: z.boolean({ error: '請選擇是否以電子郵件接收每日摘要' }).optional(),
  }),
});
export type Command = z.infer<typeof command>;

/** Save my choices; they apply to notifications from now on. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, command: Command): Promise<PreferencesView> {
  // A client that knows no digest choice (it came later) leaves it as it was.
  const before = (await ctx.preferences.findById(actor.sub, { emailOff: 1 }).lean())?.emailOff ?? [];
  const wanted = { ...command.email, digest: command.email.digest ?? !before.includes('digest') };
  const emailOff = CATEGORIES.filter((c) => !wanted[c]);
  await ctx.preferences.updateOne({ _id: actor.sub }, { $set: { emailOff, updatedAt: ctx.clock() } }, { upsert: true });
  return viewOf(emailOff);
}
