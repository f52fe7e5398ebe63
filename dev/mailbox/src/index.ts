import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail as the development mail server received it. */
export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: Date;
}

export interface Mailbox {
  /** The SMTP port (smtp://127.0.0.1:<port>). */
  smtpPort: number;
  /** The mailbox page (`/`) and its JSON (`/messages`); undefined when started without one. */
  url: string | undefined;
  /** Everything accepted, oldest first (the newest `keep`). */
  readonly messages: readonly ReceivedMail[];
  /** Refuse every connection with `421` (a mail server that is down) until set back to false. */
  refuse(on: boolean): void;
  /** Called as each mail is accepted (the benchmark times it). */
  onMail(listener: (mail: ReceivedMail) => void): void;
  close(): Promise<void>;
}

export interface MailboxOptions {
  smtpPort?: number;
  /** The HTTP port of the mailbox page; none when undefined. */
  httpPort?: number | undefined;
  host?: string;
  /** How many mails are kept (the oldest go first). */
  keep?: number;
  /** Keep the raw mail only (no parsing): the benchmark needs the moment of acceptance, not the text. */
  parse?: boolean;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The development mail server: an SMTP server (smtp-server) that accepts
 * every mail without authentication (but for addresses under `.invalid`, refused with 550), parses it (mailparser) and keeps it in
 * memory, and a page listing what was sent. For `npm start`, the notification
 * service's tests and its benchmark; never for production (main.ts refuses).
 */
export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 1000;
  const messages: ReceivedMail[] = [];
  const listeners: ((mail: ReceivedMail) => void)[] = [];
  let refusing = false;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'WebITR development mailbox',
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      if (!refusing) return callback();
      const err = Object.assign(new Error('Service not available (the development mailbox is refusing mail)'), { responseCode: 421 });
      callback(err);
    },
    // A connection kept open from before (a pooled client) is refused at its next mail.
    onMailFrom(_address, _session, callback) {
      if (!refusing) return callback();
      callback(Object.assign(new Error('Service not available (the development mailbox is refusing mail)'), { responseCode: 421 }));
    },
    // An address under the reserved `.invalid` top-level domain (RFC 6761) is refused for good, as a real
    // server refuses a mailbox that does not exist: how a permanent failure (寄送失敗通知) is made on purpose.
    onRcptTo(address, _session, callback) {
      if (!/\.invalid$/i.test(address.address)) return callback();
      callback(
        Object.assign(new Error(`No such mailbox: ${address.address} (the development mailbox refuses .invalid)`), { responseCode: 550 }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const store = (mail: ReceivedMail) => {
          messages.push(mail);
          if (messages.length > keep) messages.splice(0, messages.length - keep);
          for (const listener of listeners) listener(mail);
          callback();
        };
        if (options.parse === false) {
          const id = /^message-id:\s*(.+)$/im.exec(raw.toString('latin1'))?.[1]?.trim() ?? '';
          return store({ to, from, subject: '', text: '', html: '', messageId: id, receivedAt: new Date() });
        }
        simpleParser(raw).then(
          (parsed) =>
            store({
              to,
              from,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              receivedAt: new Date(),
            }),
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  smtp.on('error', () => undefined); // a client that hangs up mid-session is not the server's failure
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http =
    options.httpPort === undefined
      ? undefined
      : createServer((req, res) => {
          const path = new URL(req.url ?? '/', 'http://mailbox').pathname;
          if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          if (path === '/messages') {
            return void res
              .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
              .end(JSON.stringify([...messages].reverse()));
          }
          if (path !== '/') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          const rows = [...messages]
            .reverse()
            .map(
              (m) =>
                `<article><h2>${escape(m.subject)}</h2><p><small>${escape(m.receivedAt.toISOString())} · 寄件者 ${escape(m.from)} · 收件者 ${escape(
                  m.to.join(', '),
                )}</small></p><pre>${escape(m.text)}</pre></article>`,
            )
            .join('<hr>');
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            // The mails are shown as text: no script, no frames, nothing loaded from elsewhere.
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
            'cache-control': 'no-store',
          });
          res.end(
            `<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>開發用信箱</title>` +
              `<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head>` +
              `<body><h1>開發用信箱（${messages.length} 封，最新在上）</h1><p>SMTP smtp://${escape(host)}:${smtpPort}；每 5 秒重新整理。</p>${
                rows || '<p>尚無郵件。</p>'
              }</body></html>`,
          );
        });
  if (http) await new Promise<void>((resolve, reject) => http.once('error', reject).listen(options.httpPort, host, () => resolve()));
  const url = http ? `http://${host}:${(http.address() as AddressInfo).port}` : undefined;

  return {
    smtpPort,
    url,
    messages,
    refuse(on) {
      refusing = on;
    },
    onMail(listener) {
      listeners.push(listener);
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      }
    },
  };
}
