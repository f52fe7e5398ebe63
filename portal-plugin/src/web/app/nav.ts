/** The menu: every page of the app, in the order people look for them. */
export const NAV: readonly { to: string; label: string }[] = [
  { to: '/', label: '首頁' },
  { to: '/leave/apply', label: '差假申請' },
  { to: '/leave/requests', label: '申請案件' },
  { to: '/deputy/cases', label: '代理案件' },
  { to: '/approvals', label: '批核案件' },
  { to: '/deputies', label: '代理人設定' },
  { to: '/leave/records', label: '差假查詢' },
];
