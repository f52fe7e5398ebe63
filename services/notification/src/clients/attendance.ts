import { createApiClient, punchCardIngestInternalApi } from '@webitr/contracts';
import type { ApiTransport, DayAnomalies } from '@webitr/contracts';

/** A day's attendance anomalies (出勤異常) of an agency, from the punch-card-ingest service. */
export interface Attendance {
  anomalies(date: string, agencyId: string): Promise<DayAnomalies>;
}

export function attendanceService(transport: ApiTransport): Attendance {
  const punch = createApiClient(punchCardIngestInternalApi, transport);
  return { anomalies: (date, agencyId) => punch.listDayAnomalies({ query: { date, agencyId } }) };
}
