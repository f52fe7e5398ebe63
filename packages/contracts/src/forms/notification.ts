import { z } from 'zod';
import { dateField } from '@webitr/work-calendar/browser';

/**
 * The notification service's administration requests — 人事公告欄 (seed 11-1)
 * and the failed-mail list — as the service validates them and the web app's
 * forms do (`@webitr/contracts/forms/notification`). Browser-safe: zod and
 * the browser entry of the work calendar only.
 */

export const ANNOUNCEMENT_TITLE_MAX = 100;
export const ANNOUNCEMENT_BODY_MAX = 4000;
/** Units one announcement may name (a school has a handful; a bureau a few dozen). */
export const ANNOUNCEMENT_UNITS_MAX = 50;

const agencyId = z.string().min(1).max(64).meta({ title: '機關' });

/**
 * postAnnouncement (新增公告): plain text, shown on 首頁 from the start date to
 * the end date inclusive (Taipei days), to the whole agency (no units) or to
 * the people of the units named.
 */
export const postAnnouncementCommand = z
  .object({
    agencyId,
    title: z.string().trim().min(1, '請輸入標題').max(ANNOUNCEMENT_TITLE_MAX).meta({ title: '標題' }),
    body: z.string().trim().min(1, '請輸入內容').max(ANNOUNCEMENT_BODY_MAX).meta({ title: '內容' }),
    startDate: dateField('公告起日'),
    endDate: dateField('公告迄日'),
    unitIds: z
      .array(z.string().min(1).max(64))
      .max(ANNOUNCEMENT_UNITS_MAX)
      .default([])
      .meta({ title: '公告對象', description: 'units of the agency; none = the whole agency' }),
  })
  .refine((c) => c.endDate >= c.startDate, { path: ['endDate'], message: '公告迄日不可早於公告起日' });
export type PostAnnouncementCommand = z.infer<typeof postAnnouncementCommand>;
export type PostAnnouncementInput = z.input<typeof postAnnouncementCommand>;

/** listAnnouncements (人事公告欄 管理): every announcement of an agency, newest start first. */
export const listAnnouncementsQuery = z.object({ agencyId });
export type ListAnnouncementsQuery = z.infer<typeof listAnnouncementsQuery>;

/** listFailedNotifications: system administrators name an agency (all when absent); agency administrators see their own. */
export const failedMailQuery = z.object({
  agencyId: agencyId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ title: '筆數' }),
});
export type FailedMailQuery = z.infer<typeof failedMailQuery>;
export type FailedMailQueryInput = z.input<typeof failedMailQuery>;
