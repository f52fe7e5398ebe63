/** What the directory says of a person's service (在職): 到職日, the current status and since when it holds. */
export interface ServiceDates {
  status?: string | undefined;
  /** Since when the current status holds (YYYY-MM-DD). */
  statusSince?: string | undefined;
  /** 到職日期 (YYYY-MM-DD). */
  serviceStartDate?: string | undefined;
  /** Ended 留職停薪 or 離職: from, up to the day service resumed (exclusive). */
  pastOutOfService?: { from: string; until: string }[] | undefined;
}

/**
 * The service dates a directory summary or this service's copy holds, and
 * none it lacks (a copy is stored as it comes: no empty fields).
 */
export function serviceDatesOf({ status, statusSince, serviceStartDate, pastOutOfService }: ServiceDates): ServiceDates {
  return {
    ...(status ? { status } : {}),
    ...(statusSince ? { statusSince } : {}),
    ...(serviceStartDate ? { serviceStartDate } : {}),
    ...(pastOutOfService?.length ? { pastOutOfService } : {}),
  };
}

/**
 * Whether a person was in service on a date: from 到職日, and not after a
 * 留職停薪 or 離職 that still holds had begun, nor within one that has ended
 * (a 留職停薪 followed by 復職 stays out of service). A workday with nothing
 * recorded is 曠職 only on such a day — not before someone joined, nor while
 * they are on unpaid leave. What the directory does not say (no 到職日, a
 * status without its date) counts as in service: the day is judged as before.
 */
export function inServiceOn(person: ServiceDates, date: string): boolean {
  if (person.serviceStartDate && date < person.serviceStartDate) return false;
  if (person.status && person.status !== 'active' && person.statusSince && date >= person.statusSince) return false;
  return !person.pastOutOfService?.some((p) => p.from <= date && date < p.until);
}

/**
 * Whether a stored result was judged on service dates the directory has
 * changed since — 曠職 on a day now out of service (a 留職停薪 registered after
 * the fact), 未在職 on a day now in it (a 復職 registered after the fact) — so
 * that it is judged again when read.
 */
export function judgedOnOtherServiceDates(code: string, inService: boolean): boolean {
  return (code === 'absent' && !inService) || (code === 'not-in-service' && inService);
}
