import type { Me } from '../api/session.ts';

/** Attendance managers (差勤管理者) of the person's own agency, and system administrators (as the punch service's access check). */
export const isAttendanceManager = (me: Pick<Me, 'roles' | 'agency'>): boolean =>
  me.roles.some((r) => r.role === 'system-admin' || (r.role === 'attendance-manager' && r.agencyId === me.agency.id));

/** On the person's own agency's onsite network (機關現場網路), where the gateway lets 出勤刷卡 through (`onsite-<agency id>`). */
export const isOnsite = (me: Pick<Me, 'network' | 'agency'>): boolean => me.network.zones.includes(`onsite-${me.agency.id.toLowerCase()}`);

/** The menu: every page of the app, in the order people look for them; `when` hides what the person cannot use here. */
export const NAV: readonly { to: string; label: string; when?: (me: Me) => boolean }[] = [
  { to: '/', label: '首頁' },
  { to: '/punch', label: '出勤刷卡', when: isOnsite },
  { to: '/leave/apply', label: '差假申請' },
  { to: '/leave/requests', label: '申請案件' },
  { to: '/deputy/cases', label: '代理案件' },
  { to: '/approvals', label: '批核案件' },
  { to: '/deputies', label: '代理人設定' },
  { to: '/leave/records', label: '差假查詢' },
  { to: '/attendance/records', label: '刷卡資料' },
  { to: '/attendance/anomalies', label: '出勤異常' },
  { to: '/attendance/upload', label: '卡檔上傳', when: isAttendanceManager },
];

/** The menu as this person sees it. */
export const navFor = (me: Me) => NAV.filter((item) => !item.when || item.when(me));
