import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import HomePage from '../pages/home/index.tsx';
import NotFoundPage from '../pages/not-found/index.tsx';
import { ADMIN_PAGES, adminRoutePath } from './admin.ts';
import type { AdminPageKey } from './admin.ts';
import { ClosuresMoved } from './moved.tsx';
import { Shell } from './layout.tsx';
import { RouteError } from './route-error.tsx';

/** A page loaded on demand: its code is fetched the first time someone opens it (only the shell and 首頁 load up front). */
const onDemand = (load: () => Promise<{ default: ComponentType }>): RouteObject => ({
  lazy: async () => ({ Component: (await load()).default }),
  ErrorBoundary: RouteError,
});

/** The 管理 pages' code, one entry per page of app/admin.ts's table (a page missing here fails typecheck). */
const ADMIN_LOADERS: Record<AdminPageKey, () => Promise<{ default: ComponentType }>> = {
  apps: () => import('../pages/admin-apps/index.tsx'),
  people: () => import('../pages/admin-people/index.tsx'),
  'person-new': () => import('../pages/admin-person/new.tsx'),
  person: () => import('../pages/admin-person/index.tsx'),
  units: () => import('../pages/admin-units/index.tsx'),
  import: () => import('../pages/admin-import/index.tsx'),
  'change-log': () => import('../pages/admin-change-log/index.tsx'),
  'leave-statistics': () => import('../pages/admin-leave-statistics/index.tsx'),
  'separated-people': () => import('../pages/admin-separated-people/index.tsx'),
  calendar: () => import('../pages/admin-calendar/index.tsx'),
  closures: () => import('../pages/admin-closures/index.tsx'),
  'schedule-groups': () => import('../pages/admin-schedule-groups/index.tsx'),
  'leave-policy': () => import('../pages/admin-leave-policy/index.tsx'),
  announcements: () => import('../pages/admin-announcements/index.tsx'),
  'failed-mail': () => import('../pages/admin-failed-mail/index.tsx'),
  audit: () => import('../pages/admin-audit/index.tsx'),
  'leave-allocation': () => import('../pages/admin-leave-allocation/index.tsx'),
  'leave-balances': () => import('../pages/admin-leave-balances/index.tsx'),
  'leave-forms': () => import('../pages/admin-leave-forms/index.tsx'),
  'leave-reasons': () => import('../pages/admin-leave-reasons/index.tsx'),
  'flow-preview': () => import('../pages/admin-flow-preview/index.tsx'),
  flows: () => import('../pages/admin-flows/index.tsx'),
  'flow-new': () => import('../pages/admin-flow/new.tsx'),
  flow: () => import('../pages/admin-flow/index.tsx'),
};

/** Every page of the app (the menu is app/nav.ts, the 管理 menu app/admin.ts). The gateway answers index.html for all of these paths. */
export const routes: RouteObject[] = [
  {
    path: '/',
    Component: Shell,
    ErrorBoundary: RouteError,
    children: [
      { index: true, Component: HomePage, ErrorBoundary: RouteError },
      { path: 'leave/apply', ...onDemand(() => import('../pages/leave-apply/index.tsx')) },
      { path: 'leave/requests', ...onDemand(() => import('../pages/leave-requests/index.tsx')) },
      { path: 'leave/requests/:formId', ...onDemand(() => import('../pages/leave-requests/index.tsx')) },
      { path: 'deputy/cases', ...onDemand(() => import('../pages/deputy-cases/index.tsx')) },
      { path: 'approvals', ...onDemand(() => import('../pages/approvals/index.tsx')) },
      { path: 'approvals/:caseId', ...onDemand(() => import('../pages/approvals/index.tsx')) },
      { path: 'deputies', ...onDemand(() => import('../pages/deputies/index.tsx')) },
      { path: 'leave/records', ...onDemand(() => import('../pages/leave-records/index.tsx')) },
      { path: 'notifications', ...onDemand(() => import('../pages/notifications/index.tsx')) },
      { path: 'punch', ...onDemand(() => import('../pages/punch/index.tsx')) },
      { path: 'attendance/upload', ...onDemand(() => import('../pages/attendance-upload/index.tsx')) },
      { path: 'attendance/anomalies', ...onDemand(() => import('../pages/attendance-anomalies/index.tsx')) },
      { path: 'attendance/records', ...onDemand(() => import('../pages/attendance-records/index.tsx')) },
      // 停止上班上課 moved to 管理 (/admin/agencies/<agency>/closures): the old address keeps working for links and bookmarks.
      { path: 'attendance/closures', Component: ClosuresMoved },
      ...ADMIN_PAGES.map((page) => ({ path: adminRoutePath(page), ...onDemand(ADMIN_LOADERS[page.key]) })),
      { path: '*', Component: NotFoundPage },
    ],
  },
];
