import { pino } from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentContext } from './context.ts';
import { currentTraceIds } from './telemetry/tracing.ts';

export type { Logger } from 'pino';

/**
 * National ID numbers (身分證字號, 居留證號) are personal data under the PDPA and
 * must never reach a log, whatever field or message carries them, in either
 * case (people and portals type the letter in lower case too).
 */
const NATIONAL_ID = /\b[A-Za-z][1289]\d{8}\b/g;
export const NATIONAL_ID_REDACTED = '[REDACTED:national-id]';

/**
 * OAuth / OpenID Connect tokens written as parameters (a URL, a form body, an
 * error message quoting either): the value goes, the name stays.
 */
const TOKEN_PARAMETER = /\b((?:id_token|id_token_hint|logout_token|access_token|refresh_token)=)[^&\s"'\\]+/g;

export const maskNationalIdsInText = (text: string): string => text.replace(NATIONAL_ID, NATIONAL_ID_REDACTED);

/** What every line goes through before it is written: national IDs and token parameters masked. */
export const maskSecretsInText = (text: string): string => maskNationalIdsInText(text).replace(TOKEN_PARAMETER, '$1[REDACTED]');

/** OAuth / OpenID Connect token fields as the protocols name them (a token response, a logout request body). */
const OAUTH_TOKEN_FIELDS = ['id_token', 'id_token_hint', 'logout_token', 'access_token', 'refresh_token'];

/** Credentials redacted by path, wherever they sit in a logged object. */
export const REDACTED_PATHS = [
  // At the top of a line, one level down (`tokens.id_token`) and two (`req.body.logout_token`).
  ...OAUTH_TOKEN_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  '*.logoutToken',
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

/**
 * JSON logs with the request and correlation id of the current work on every
 * line, and its `trace_id`/`span_id` when it is traced (a line leads to its trace).
 */
export function createLogger({ service, level = 'info', destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    mixin: () => ({ ...currentContext(), ...currentTraceIds() }),
    hooks: { streamWrite: maskSecretsInText },
  };
  return destination ? pino(options, destination) : pino(options);
}
