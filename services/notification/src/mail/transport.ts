import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt of one notification, so a mail client can recognise a repeat. */
  messageId: string;
}

/** How mail leaves: SMTP in the service, anything in a unit test. Throws `MailError`. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A refused or failed attempt; `permanent` when the server said no for good (5xx), so trying again would not help. */
export class MailError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

/**
 * SMTP through nodemailer's pool: up to `connections` connections kept open
 * and reused (at most 100 mails each, nodemailer's default, then a fresh one).
 * A new connection costs the server's greeting — smtp-server, the development
 * mailbox, holds it 100 ms to catch clients that talk too soon, and production
 * relays may wait longer — so a connection per mail made that the floor of
 * every mail's latency.
 *
 * A pooled connection that fails without the server's answer (closed by the
 * server, refused at the greeting: the pool reports only that it was closed)
 * is tried once more on a connection of its own, within the same attempt, so
 * that a refusing server's own code (421, 550…) is what the attempt reports.
 * Every try is bounded by `timeoutMs`.
 */
export function smtpTransport(options: { url: string; from: string; timeoutMs: number; connections: number }): MailTransport {
  const timeouts = { connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs };
  // maxRequeues 0: a closed connection fails the mail at once (no back-off inside the pool); the fresh try below follows.
  const pooled: Transporter = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.connections,
    maxRequeues: 0,
    ...timeouts,
  });
  const single: Transporter = nodemailer.createTransport({ url: options.url, ...timeouts });
  return {
    async send(mail) {
      const message = {
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      };
      try {
        await pooled.sendMail(message);
        return;
      } catch (err) {
        if ((err as { responseCode?: number }).responseCode !== undefined) throw mailError(err);
      }
      try {
        await single.sendMail(message);
      } catch (err) {
        throw mailError(err);
      }
    },
    close: () => {
      pooled.close();
      single.close();
    },
  };
}

/** The server's own words when it gave any (no credentials are in them), else the socket's error; 5xx is permanent. */
function mailError(err: unknown): MailError {
  const e = err as Error & { responseCode?: number; response?: string };
  const code = e.responseCode;
  return new MailError((e.response ?? e.message).slice(0, 300), code !== undefined && code >= 500 && code < 600);
}
