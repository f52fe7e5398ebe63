import { isDuplicateKeyError } from '@webitr/platform';
import type { NotificationContext } from '../../context.ts';
import { digestPath, renderDigest } from '../../domain/digest.ts';
import type { DigestMessage } from '../../domain/digest.ts';
import { appPathOf, CATEGORY_OF, deepLink, render } from '../../domain/templates.ts';
import type { FormSummary, Message, Rendered } from '../../domain/templates.ts';
import type { Category } from '../../domain/categories.ts';
import type { Notification } from '../../models/notification.ts';

export interface Delivery {
  eventId: string;
  eventType: string;
  recipientIds: readonly string[];
  /** The message for one recipient (a reminder names whom a stand-in acts for; a digest is each person's own). */
  message: (recipientId: string) => Message | DigestMessage;
  caseId?: string;
}

/**
 * One notification per event and recipient: stored with `_id`
 * `<event id>:<recipient id>` (a redelivered event meets the duplicate key and
 * sends nothing again), its mail rendered and `pending` — or `skipped` when
 * the person has no address or chose not to get this category by e-mail —
 * and handed to the mail queue at once. A recipient the directory does not
 * know, or who has left (離職), gets nothing. Returns the ids created.
 */
export async function deliver(ctx: NotificationContext, delivery: Delivery): Promise<string[]> {
  const created: string[] = [];
  for (const recipientId of new Set(delivery.recipientIds)) {
    // Stored before (the event again after a crash between the write and the inbox record): the insert below meets the duplicate key.
    const _id = `${delivery.eventId}:${recipientId}`;
    const person = await ctx.people.person(recipientId);
    if (!person || person.status === 'separated') continue;
    const message = delivery.message(recipientId);
    const linkTo = (page: string) => deepLink(ctx.links.publicUrl, ctx.links.portalOf(person.agencyId), page);
    const { category, path, rendered } = compose(message, person.name, linkTo, delivery.caseId);
    const optedOut = (await ctx.preferences.findById(recipientId, { emailOff: 1 }).lean())?.emailOff.includes(category) ?? false;
    const now = ctx.clock();
    const sending = !optedOut && Boolean(person.email);
    const doc: Notification = {
      _id,
      recipientId,
      agencyId: person.agencyId,
      category,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      ...('form' in message ? { formId: message.form.formId } : {}),
      ...(delivery.caseId ? { caseId: delivery.caseId } : {}),
      title: rendered.title,
      body: rendered.body,
      link: path,
      createdAt: now,
      mail: {
        status: sending ? 'pending' : 'skipped',
        ...(person.email ? { to: person.email } : {}),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attempts: 0,
        ...(sending ? {} : { lastError: optedOut ? '本人設定不以電子郵件通知此類別' : '無電子郵件地址' }),
      },
      // Taken by the retry job only if this process has not settled it within the lease.
      ...(sending ? { mailDueAt: new Date(now.getTime() + ctx.mailLeaseMs) } : {}),
    };
    try {
      await ctx.notifications.create(doc);
    } catch (err) {
      if (isDuplicateKeyError(err)) continue; // the same event delivered twice at once: the other one sends it
      throw err;
    }
    created.push(_id);
    if (sending) ctx.mail.enqueue(_id, doc.mail);
  }
  return created;
}

/** A message's category, the app page it leads to and its texts. */
function compose(
  message: Message | DigestMessage,
  name: string,
  linkTo: (path: string) => string,
  caseId: string | undefined,
): { category: Category; path: string; rendered: Rendered } {
  if (message.type === 'daily-digest') {
    return { category: 'digest', path: digestPath(message), rendered: renderDigest(message, { name }, linkTo) };
  }
  const path = appPathOf(message, caseId);
  return { category: CATEGORY_OF[message.type], path, rendered: render(message, { name }, linkTo(path)) };
}

/** The form as the notifications name it, from what the leave service's events told (see models/form-facts.ts). */
export async function formSummary(ctx: NotificationContext, formId: string, fallback: Pick<FormSummary, 'kind'>): Promise<FormSummary> {
  const facts = await ctx.forms.findById(formId).lean();
  return { formId, kind: facts?.kind ?? fallback.kind, start: facts?.start, end: facts?.end };
}

/** A person's name for a message, or a neutral word when the directory does not know them. */
export async function nameOf(ctx: NotificationContext, personId: string): Promise<string> {
  if (!personId) return '同仁';
  return (await ctx.people.person(personId))?.name ?? '同仁';
}
