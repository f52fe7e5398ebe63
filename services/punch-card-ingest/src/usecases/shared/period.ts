import { InputError } from '@webitr/platform';
import { addDays, datesBetween as eachDate, taipeiLocal } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';

/**
 * The period a list or report covers: `to` today (Taipei) and `from` 30 days
 * before it unless given; `from` after `to`, or longer than `maxDays`, is
 * refused naming the field.
 */
export function periodOf(
  ctx: PunchCardIngestContext,
  q: { from?: string | undefined; to?: string | undefined },
  maxDays: number,
): { from: string; to: string } {
  const to = q.to ?? (q.from ? minDate(addDays(q.from, 30), taipeiLocal(ctx.clock()).date, q.from) : taipeiLocal(ctx.clock()).date);
  const from = q.from ?? addDays(to, -30);
  if (from > to)
    throw new InputError({
      code: 'PERIOD_INVALID',
      detail: '起日不得晚於迄日',
      fields: [{ field: 'query.from', code: 'after_to', message: '起日：不得晚於迄日' }],
    });
  if (addDays(from, maxDays - 1) < to) {
    const words = maxDays >= 366 ? '一年' : `${maxDays} 日`;
    throw new InputError({
      code: 'PERIOD_TOO_LONG',
      detail: `查詢期間至多${words}`,
      fields: [{ field: 'query.to', code: 'too_long', message: `迄日：查詢期間至多${words}` }],
    });
  }
  return { from, to };
}

/** The earlier of a and b, but never before `floor` (a `from` in the future keeps its own day as `to`). */
const minDate = (a: string, b: string, floor: string) => {
  const earlier = a < b ? a : b;
  return earlier < floor ? floor : earlier;
};

/** Every date from `from` to `to`, both included, as a list. */
export const datesBetween = (from: string, to: string): string[] => [...eachDate(from, to)];
