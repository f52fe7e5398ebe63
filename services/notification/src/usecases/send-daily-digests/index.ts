import { z } from 'zod';
import { dateField } from '@webitr/work-calendar';
import type { DayAnomalies } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { dayBefore, DIGEST_LIST_LIMIT, digestDueDate } from '../../domain/digest.ts';
import type { DigestMessage } from '../../domain/digest.ts';
import { deliver } from '../shared/deliver.ts';

/** The day whose digests to send (Taipei). */
export const command = z.object({ date: dateField('日期') });
export type Command = z.infer<typeof command>;

/**
 * The daily digests (每日摘要) of a day, one a person: the approvals waiting
 * for each approver (oldest first), each person's anomalies of the day
 * before, and each agency's anomaly count for its attendance managers.
 * Idempotent per person and day: the notification's `_id` is
 * `daily-digest:<date>:<person>`, so running twice (or two instances at once)
 * sends one; once all are stored the day is marked done. Returns the ids created.
 */
export async function execute(ctx: NotificationContext, command: Command): Promise<string[]> {
  const { date } = command;
  if (await ctx.digestRuns.exists({ _id: date })) return [];
  const yesterday = dayBefore(date);
  const [pending, anomalies] = await Promise.all([ctx.approvals.pending(), dayAnomalies(ctx, yesterday)]);

  const messages = new Map<string, DigestMessage>();
  const of = (personId: string) => {
    let message = messages.get(personId);
    if (!message) messages.set(personId, (message = { type: 'daily-digest', date }));
    return message;
  };
  for (const { approverId, cases } of pending.items) {
    if (cases.length === 0) continue;
    const oldest = [...cases].sort((a, b) => a.since.localeCompare(b.since)).slice(0, DIGEST_LIST_LIMIT);
    of(approverId).approvals = {
      count: cases.length,
      oldest: oldest.map((c) => ({ kind: c.kind, subject: c.subject, since: new Date(c.since) })),
    };
  }
  const perAgency = new Map<string, number>();
  for (const item of anomalies) {
    const mine = (of(item.personId).anomalies ??= { date: yesterday, labels: [] });
    if (!mine.labels.includes(item.label)) mine.labels.push(item.label);
    perAgency.set(item.agencyId, (perAgency.get(item.agencyId) ?? 0) + 1);
  }
  for (const [agencyId, count] of perAgency) {
    for (const manager of await ctx.people.attendanceManagers(agencyId)) {
      // Only the managers of that agency (a role held elsewhere is another agency's list).
      if (manager.agencyId === agencyId) of(manager.id).agencyAnomalies = { date: yesterday, count };
    }
  }

  const created = await deliver(ctx, {
    eventId: `daily-digest:${date}`,
    eventType: 'daily-digest',
    recipientIds: [...messages.keys()],
    message: (recipientId) => messages.get(recipientId)!,
  });
  await ctx.digestRuns.updateOne({ _id: date }, { $set: { completedAt: ctx.clock(), recipients: messages.size } }, { upsert: true });
  ctx.logger.info({ date, recipients: messages.size, created: created.length }, 'daily digests stored');
  return created;
}

/** Agencies asked at once: each answer is judged by the punch service over the agency's people. */
const AGENCIES_AT_ONCE = 4;

/**
 * A day's anomalies of every agency, one agency a call (each call's work
 * bounded by the agency's size, not the city's). Any call failing fails the
 * run: nothing is sent, and the job tries again at its next check.
 */
async function dayAnomalies(ctx: NotificationContext, date: string): Promise<DayAnomalies['items']> {
  const agencyIds = await ctx.people.agencyIds();
  const items: DayAnomalies['items'] = [];
  for (let i = 0; i < agencyIds.length; i += AGENCIES_AT_ONCE) {
    const answers = await Promise.all(agencyIds.slice(i, i + AGENCIES_AT_ONCE).map((agencyId) => ctx.attendance.anomalies(date, agencyId)));
    for (const answer of answers) items.push(...answer.items);
  }
  return items;
}

/** The job: today's digests, once the Taipei clock has passed `time` (`HH:MM`). */
export async function executeIfDue(ctx: NotificationContext, time: string): Promise<string[]> {
  const date = digestDueDate(ctx.clock(), time);
  return date ? execute(ctx, { date }) : [];
}
