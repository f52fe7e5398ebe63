import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** JSON in an environment variable, parsed and then validated by `schema`. */
function json<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const portalId = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'portal id: lower-case letters, digits and dashes');

/** Configuration of the notification service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3015),
  /** The directory's internal API: names, e-mail addresses, agencies of recipients. */
  DIRECTORY_URL: z.url().default('http://127.0.0.1:3011'),
  /** The approval service's internal API: the cases waiting for each approver (the daily digest). */
  APPROVAL_URL: z.url().default('http://127.0.0.1:3013'),
  /** The punch-card-ingest service's internal API: yesterday's attendance anomalies (the daily digest). */
  PUNCH_CARD_INGEST_URL: z.url().default('http://127.0.0.1:3014'),
  /** When the daily digest (每日摘要) goes out, Taipei time, `HH:MM`. */
  DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Taipei time)')
    .default('07:30'),
  /** How often the digest job looks whether today's digest is due and not yet sent. */
  DIGEST_CHECK_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** The mail server (smtp:// or smtps://, user and password in the URL when it needs them). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .default('smtp://127.0.0.1:3003'),
  /** The sender of every mail. */
  MAIL_FROM: z.string().min(3).default('WebITR 差勤系統 <webitr-noreply@localhost>'),
  /** The origin people open (the gateway's PUBLIC_URL): deep links in mail sign in through it. */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  /** Which portal signs in the people of an agency, `{ "<agencyId>": "<portal id>" }`; others use the default. */
  NOTIFICATION_PORTALS: json(z.record(z.string(), portalId)).default({}),
  /** The portal of a deep link when the recipient's agency is not in NOTIFICATION_PORTALS. */
  NOTIFICATION_DEFAULT_PORTAL: portalId.default('kh-edu'),
  /** At most this many mails a second leave for the mail server (a token bucket; protects the server). */
  MAIL_RATE_PER_SECOND: z.coerce.number().positive().default(100),
  /** Mails sent at once. */
  MAIL_CONCURRENCY: z.coerce.number().int().positive().max(64).default(8),
  /** Attempts before a mail is marked failed (and listed for administrators). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().positive().max(20).default(6),
  /** The wait after the first failed attempt; doubled after each (at most an hour). */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** How often mails due for another attempt are looked for. */
  MAIL_RETRY_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /** The time limit of one attempt (connection, greeting, sending). */
  MAIL_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

export type Config = z.infer<typeof configSchema>;
