// The development mail server as a process of its own (`npm start` runs it): SMTP on
// MAILBOX_SMTP_PORT, the mailbox page listing what was sent on PORT. Development and tests only.
import { z } from 'zod';
import { bootOrExit, createLogger } from '@webitr/platform';
import { startMailbox } from './index.ts';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  MAILBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
});

await bootOrExit('mailbox', async () => {
  const config = configSchema.parse(process.env);
  // Every mail is kept in memory for anyone to read.
  if (config.NODE_ENV === 'production') throw new Error('the development mailbox never runs in production (NODE_ENV=production)');
  const logger = createLogger({ service: 'mailbox', level: config.LOG_LEVEL });
  const mailbox = await startMailbox({ smtpPort: config.MAILBOX_SMTP_PORT, httpPort: config.PORT });
  mailbox.onMail((mail) => logger.info({ messageId: mail.messageId, subject: mail.subject }, 'mail received'));
  logger.info({ url: mailbox.url, smtp: `smtp://127.0.0.1:${mailbox.smtpPort}` }, 'listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void mailbox.close().then(() => process.exit(0)));
  }
});
