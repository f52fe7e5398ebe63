import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Category } from '../domain/categories.ts';

/**
 * The e-mail of one notification, and where its sending stands: `pending`
 * until the mail server accepts it (`sent`), or until the last attempt fails
 * (`failed`, listed for administrators with the reason); `skipped` when the
 * person has no address or does not want this category by e-mail.
 */
export interface MailState {
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  to?: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  lastError?: string;
  sentAt?: Date;
  failedAt?: Date;
}

/**
 * One notification (通知) to one person about one event. `_id` is
 * `<event id>:<recipient id>`, so a redelivered or republished event finds its
 * notification there and creates (and sends) nothing a second time; and every
 * write after the insert is on the bare `_id` (FerretDB serves only that from
 * an index).
 */
export interface Notification {
  _id: string;
  recipientId: string;
  /** The recipient's agency, whose administrators see a mail that could not be sent. */
  agencyId: string;
  category: Category;
  eventId: string;
  eventType: string;
  formId?: string;
  caseId?: string;
  /** One line for the bell's list. */
  title: string;
  /** The text shown in the app. */
  body: string;
  /** Where in the app it leads (a path on the public origin). */
  link: string;
  createdAt: Date;
  readAt?: Date;
  mail: MailState;
  /** When the mail is due for an attempt; unset once it is sent, failed or skipped. */
  mailDueAt?: Date;
}

const mailSchema = new Schema<MailState>(
  {
    status: { type: String, required: true },
    to: String,
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastError: String,
    sentAt: Date,
    failedAt: Date,
  },
  { _id: false },
);

const notificationSchema = new Schema<Notification>(
  {
    _id: { type: String, required: true },
    recipientId: { type: String, required: true },
    agencyId: { type: String, required: true },
    category: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    formId: String,
    caseId: String,
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: Date,
    mail: { type: mailSchema, required: true },
    mailDueAt: Date,
  },
  { collection: 'notifications', versionKey: false },
);
// My notifications, newest first; the unread count ({ recipientId, readAt: null }).
notificationSchema.index({ recipientId: 1, createdAt: -1 });
// The retry job: { mailDueAt: { $lte: now } }.
notificationSchema.index({ mailDueAt: 1 });
// Administrators: { 'mail.status': 'failed', agencyId } newest first.
notificationSchema.index({ 'mail.status': 1, agencyId: 1, createdAt: -1 });

export function notificationModel(connection: Connection): Model<Notification> {
  return connection.model<Notification>('Notification', notificationSchema);
}
