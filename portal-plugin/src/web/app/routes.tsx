import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import HomePage from '../pages/home/index.tsx';
import NotFoundPage from '../pages/not-found/index.tsx';
import { Shell } from './layout.tsx';
import { RouteError } from './route-error.tsx';

/** A page loaded on demand: its code is fetched the first time someone opens it (only the shell and 首頁 load up front). */
const onDemand = (load: () => Promise<{ default: ComponentType }>): RouteObject => ({
  lazy: async () => ({ Component: (await load()).default }),
  ErrorBoundary: RouteError,
});

/** Every page of the app (the menu is app/nav.ts). The gateway answers index.html for all of these paths. */
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
      { path: 'attendance/closures', ...onDemand(() => import('../pages/attendance-closures/index.tsx')) },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
