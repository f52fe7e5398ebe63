import { z } from 'zod';
import { appIdSchema, employmentStatusSchema, jobCategorySchema } from '@webitr/contracts';
import { dateField } from '@webitr/work-calendar';

/** Person fields as administrators type them, with the names they know. */
export const personNameSchema = z.string().trim().min(1).max(50).meta({ title: '姓名' });
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: '電子郵件格式錯誤' }))
  .meta({ title: '電子郵件' });
// Dates are read by the one parser: ISO or ROC (115-12-23), years 1912–2199, with the spellings in the OpenAPI document.
export const calendarDateSchema = dateField('日期');
export const serviceStartDateSchema = dateField('到職日期');
export const titleSchema = z.string().trim().min(1).max(40).meta({ title: '職稱' });
export const jobCategoryFieldSchema = jobCategorySchema.meta({ title: '職務類別' });
export const scheduleGroupSchema = z.string().trim().min(1).max(40).meta({ title: '班別' });
export const cardNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{1,20}$/, '卡號應為 1 至 20 位英數字');
export const cardNumbersSchema = z.array(cardNumberSchema).max(5).meta({ title: '卡號' });
export const unitIdSchema = z.string().min(1).max(64).meta({ title: '單位' });
export const appsSchema = z.array(appIdSchema).max(20).meta({ title: '可用系統' });
export const identitySchema = z.object({ issuer: z.url(), subject: z.string().min(1).max(200) });
export const identitiesSchema = z.array(identitySchema).max(5).meta({ title: '入口網身分' });
export const statusFieldSchema = employmentStatusSchema.meta({ title: '在職狀態' });
export const reasonSchema = z.string().trim().min(1).max(200).meta({ title: '事由' });
export const versionSchema = z
  .number()
  .int()
  .positive()
  .meta({ title: '資料版本', description: 'the version the change was made against (409 if it moved on)' });

export const personIdParams = z.object({ personId: z.string().min(1).max(64) });
export const agencyIdParams = z.object({ agencyId: z.string().min(1).max(64) });
export const unitIdParams = z.object({ unitId: z.string().min(1).max(64) });
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).meta({ title: '頁次' }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).meta({ title: '每頁筆數' }),
};
