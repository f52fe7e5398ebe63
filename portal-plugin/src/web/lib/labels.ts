// Names people read for the gateway's codes (zones, roles, apps).

const ZONES: Record<string, string> = { intranet: '機關內部網路', vpn: 'SSL-VPN', internet: '網際網路' };
export const zoneLabel = (zone: string): string => ZONES[zone] ?? (zone.startsWith('onsite-') ? '機關現場網路' : zone);

const ROLES: Record<string, string> = {
  employee: '一般人員',
  'unit-supervisor': '單位主管',
  'attendance-manager': '差勤管理者',
  'agency-admin': '機關管理員',
  'system-admin': '系統管理者',
};
export const roleLabel = (role: string): string => ROLES[role] ?? role;

const APPS: Record<string, string> = { webitr: 'WebITR 差勤系統', 'webitr-edu': 'WebITR 差勤系統（學校用）' };
export const appLabel = (app: string): string => APPS[app] ?? app;
