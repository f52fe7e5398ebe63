/**
 * Person fields as administrators type them, with the names they know: defined
 * once in contracts (forms/directory.ts), where the web app's forms validate
 * with the same schemas before submit.
 */
export {
  agencyIdParams,
  appsSchema,
  calendarDateSchema,
  cardNumberSchema,
  cardNumbersSchema,
  emailSchema,
  identitiesSchema,
  identitySchema,
  jobCategoryFieldSchema,
  pageQuery,
  personIdParams,
  personNameSchema,
  reasonSchema,
  scheduleGroupSchema,
  serviceStartDateSchema,
  statusFieldSchema,
  titleSchema,
  unitIdParams,
  unitIdSchema,
  versionSchema,
} from '@webitr/contracts';
