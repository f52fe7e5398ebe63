// Names people read for the gateway's and the directory's codes (zones, roles, apps); the 管理 pages' own are in admin-labels.ts.
import { APP_NAMES, ROLE_NAMES } from '@webitr/contracts/forms/directory-terms';

const ZONES: Record<string, string> = { intranet: '機關內部網路', vpn: 'SSL-VPN', internet: '網際網路' };
export const zoneLabel = (zone: string): string => ZONES[zone] ?? (zone.startsWith('onsite-') ? '機關現場網路' : zone);

export const roleLabel = (role: string): string => (ROLE_NAMES as Record<string, string>)[role] ?? role;

export const appLabel = (app: string): string => APP_NAMES[app] ?? app;
