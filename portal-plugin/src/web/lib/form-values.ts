// What forms send: the values a person typed, as the contracts' schemas read them.
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';

/**
 * Empty text is "not given": the contracts' optional fields want it absent,
 * not blank. Required text (`keep`: 事由) stays, so its own message
 * (事由不得空白) is the one shown.
 */
export function withoutBlanks<T extends Record<string, unknown>>(values: T, keep: readonly string[] = ['reason']): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '' && !keep.includes(key)) continue;
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    out[key] = value;
  }
  return out as T;
}

/**
 * A form whose fields hold text as typed (dates, pickers, comma lists) but
 * whose request is another shape: the contracts' schema validates the body
 * made of the fields, and its errors come back by the body's paths, which are
 * the fields' names. On submit, the handler gets that body (raw: the
 * schema's input, sent as it is; the service parses it the same way).
 */
export function bodyResolver<F extends FieldValues>(
  schema: Parameters<typeof zodResolver>[0],
  toBody: (values: F) => unknown,
): Resolver<F> {
  const raw = zodResolver(schema, undefined, { raw: true });
  return (values, context, options) => raw(toBody(values) as never, context, options as never) as unknown as ReturnType<Resolver<F>>;
}

/**
 * A search form's resolver: the contracts' query schema checks the query made
 * of the fields (its messages land on the fields), and a valid form keeps its
 * own values (a person picker's name), the query being made again on submit.
 */
export function filterResolver<F extends FieldValues>(
  schema: Parameters<typeof zodResolver>[0],
  toQuery: (values: F) => unknown,
): Resolver<F> {
  const checked = bodyResolver<F>(schema, toQuery);
  return async (values, context, options) => {
    const result = await checked(values, context, options);
    return Object.keys(result.errors).length > 0 ? result : { values, errors: {} };
  };
}
