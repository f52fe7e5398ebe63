export * from './calendar-date.ts';
export * from './working-time.ts';
