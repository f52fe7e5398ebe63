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
 * SMTP through nodemailer, a connection per mail: a refusing server answers
 * each attempt with its own code (a pool hides it behind its reconnection
 * errors), and the handshake costs milliseconds against a nearby relay.
 * Every attempt is bounded by `timeoutMs`.
 */
export function smtpTransport(options: { url: string; from: string; timeoutMs: number }): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
        });
      } catch (err) {
        const e = err as Error & { responseCode?: number; response?: string };
        const code = e.responseCode;
        // The server's own words when it gave any (no credentials are in them), else the socket's error.
        throw new MailError((e.response ?? e.message).slice(0, 300), code !== undefined && code >= 500 && code < 600);
      }
    },
    close: () => transporter.close(),
  };
}
