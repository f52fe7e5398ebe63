import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { viewOf } from '../shared/preferences-view.ts';
import type { PreferencesView } from '../shared/preferences-view.ts';

/** My choices of what comes by e-mail; everything until I choose otherwise. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity): Promise<PreferencesView> {
  const found = await ctx.preferences.findById(actor.sub).lean();
  return viewOf(found?.emailOff ?? []);
}
