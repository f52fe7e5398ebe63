/**
 * What a browser may import (`@webitr/work-calendar/browser`): the date parser
 * and its zod fields, ROC formatting, Taipei instants, working time and the
 * schedule groups — every module of the package except the national
 * calendar, which reads its shipped CSV files with node:fs. The web app validates with the same fields as the
 * services, so its field errors carry the same zh-TW words.
 */
export * from './calendar-date.ts';
export * from './date-input.ts';
export * from './working-time.ts';
export * from './schedule-groups.ts';
