import type { Model } from 'mongoose';
import type { Clock, Logger } from '@webitr/platform';
import type { Approvals } from './clients/approval.ts';
import type { Attendance } from './clients/attendance.ts';
import type { People } from './clients/directory.ts';
import type { MailQueue } from './mail/queue.ts';
import type { Announcement } from './models/announcement.ts';
import type { DigestRun } from './models/digest-run.ts';
import type { FormFacts } from './models/form-facts.ts';
import type { Notification } from './models/notification.ts';
import type { Preferences } from './models/preferences.ts';

/** Where deep links lead: the public origin and the portal each agency signs in through. */
export interface Links {
  publicUrl: string;
  portalOf(agencyId: string): string;
}

/** What every use case works with; built once in service.ts. */
export interface NotificationContext {
  notifications: Model<Notification>;
  preferences: Model<Preferences>;
  forms: Model<FormFacts>;
  digestRuns: Model<DigestRun>;
  /** 人事公告欄. */
  announcements: Model<Announcement>;
  people: People;
  /** The daily digest's sources: cases waiting for approvers, and a day's attendance anomalies. */
  approvals: Approvals;
  attendance: Attendance;
  mail: Pick<MailQueue, 'enqueue' | 'sendDue'>;
  links: Links;
  /** How long a stored mail waits before the retry job may take it (the first attempt is made at once). */
  mailLeaseMs: number;
  clock: Clock;
  logger: Logger;
}
