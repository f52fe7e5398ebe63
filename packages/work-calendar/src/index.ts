export * from './calendar-date.ts';
export * from './date-input.ts';
export * from './working-time.ts';
export * from './schedule-groups.ts';
export * from './national-calendar.ts';
