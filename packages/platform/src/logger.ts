import { pino } from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentContext } from './context.ts';

export type { Logger } from 'pino';

/**
 * National ID numbers (身分證字號, 居留證號) are personal data under the PDPA and
 * must never reach a log, whatever field or message carries them.
 */
const NATIONAL_ID = /\b[A-Z][1289]\d{8}\b/g;
export const NATIONAL_ID_REDACTED = '[REDACTED:national-id]';

export const maskNationalIdsInText = (text: string): string => text.replace(NATIONAL_ID, NATIONAL_ID_REDACTED);

/** Credentials redacted by path, wherever they sit in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-webitr-assertion"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  '*.clientSecret',
  '*.nationalId',
  'password',
  'token',
  'nationalId',
];

export interface LoggerSettings {
  service: string;
  level?: LoggerOptions['level'];
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** JSON logs with the request and correlation id of the current work on every line. */
export function createLogger({ service, level = 'info', destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    mixin: () => ({ ...currentContext() }),
    hooks: { streamWrite: maskNationalIdsInText },
  };
  return destination ? pino(options, destination) : pino(options);
}
