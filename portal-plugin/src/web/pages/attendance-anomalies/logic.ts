// 出勤異常's logic: the period asked for and the CSV address.
import { withQuery } from '../../api/client.ts';

/** An anomaly as GET …/anomalies lists it (services/punch-card-ingest, list-anomalies). */
export interface Anomaly {
  personId: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  date: string;
  in: string | null;
  out: string | null;
  result: { code: string; label: string };
  lateMinutes: number;
  earlyMinutes: number;
}

export interface AnomalyFilter {
  scope: 'mine' | 'agency';
  from: string;
  to: string;
  unitId?: string | undefined;
}

/** The list's address (format=csv for the download): mine, or the agency's (attendance managers) with its unit. */
export function anomaliesUrl(agencyId: string, f: AnomalyFilter, format?: 'csv' | 'xlsx'): string {
  const path = f.scope === 'mine' ? '/api/attendance/me/anomalies' : `/api/attendance/agencies/${encodeURIComponent(agencyId)}/anomalies`;
  return withQuery(path, {
    from: f.from,
    to: f.to,
    ...(f.scope === 'agency' && f.unitId ? { unitId: f.unitId } : {}),
    ...(format ? { format } : {}),
  });
}

/** The units the agency's anomalies of the period name, for the 單位 filter. */
export function unitsOf(items: readonly Anomaly[]): [string, string][] {
  const units = new Map<string, string>();
  for (const a of items) if (a.unitId) units.set(a.unitId, a.unitName ?? a.unitId);
  return [...units].sort((a, b) => a[1].localeCompare(b[1], 'zh-TW'));
}
