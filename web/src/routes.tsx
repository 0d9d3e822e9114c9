/**
 * The route table: the first pattern that matches the path wins. Each route says who may open it
 * and whether it sits inside the console's frame. Pages are `lazy`, so the editor, terminal and
 * charts stay out of the console's first download.
 *
 *   - `/interview/:token` (access `public`, layout `bare`): the candidate's page; it talks to the
 *     API with its own client (candidate credential), never with the member client in api/client.ts.
 *   - `/reports/shared/:token` (access `public`, layout `bare`): where a report share link points
 *     (reports/share-token.ts); it reads GET /api/reports/shared/:token and nothing else.
 *   - `/candidates/:id/replay` (access `member`): the recruiter's replay, opened from report
 *     evidence as `/candidates/:id/replay?seq=N` (N = the event's seq).
 */
import { type ComponentType, lazy } from 'react';
import type { RouteComponentProps } from './router/router.tsx';

/** Who may open a route: anyone, only signed-out people, members, or platform operators. */
export type RouteAccess = 'public' | 'guest' | 'member' | 'operator';

export interface AppRoute {
  path: string;
  /** The document title (the app adds " · InterviewLM"). */
  title: string;
  access: RouteAccess;
  /** `shell`: inside the console's sidebar frame; `bare`: the page owns the whole screen. */
  layout: 'shell' | 'bare';
  component: ComponentType<RouteComponentProps>;
}

const page = (load: () => Promise<{ default: ComponentType<RouteComponentProps> }>) => lazy(load);

export const routes: AppRoute[] = [
  // Signed-out pages.
  {
    path: '/signin',
    title: 'Sign in',
    access: 'guest',
    layout: 'bare',
    component: page(() => import('./pages/auth/sign-in-page.tsx')),
  },
  {
    path: '/signup',
    title: 'Create an account',
    access: 'guest',
    layout: 'bare',
    component: page(() => import('./pages/auth/sign-up-page.tsx')),
  },
  {
    path: '/forgot-password',
    title: 'Reset your password',
    access: 'guest',
    layout: 'bare',
    component: page(() => import('./pages/auth/forgot-password-page.tsx')),
  },
  // Links from emails: they work signed in or not.
  {
    path: '/reset-password',
    title: 'Choose a new password',
    access: 'public',
    layout: 'bare',
    component: page(() => import('./pages/auth/reset-password-page.tsx')),
  },
  {
    path: '/join',
    title: 'Join your team',
    access: 'public',
    layout: 'bare',
    component: page(() => import('./pages/auth/join-page.tsx')),
  },
  // A report share link: read-only, no sign-in (the token is the key), whoever opens it.
  {
    path: '/reports/shared/:token',
    title: 'Shared candidate report',
    access: 'public',
    layout: 'bare',
    component: page(() => import('./pages/shared/shared-report-page.tsx')),
  },

  // The recruiter console.
  {
    path: '/',
    title: 'Dashboard',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/dashboard/dashboard-page.tsx')),
  },
  {
    path: '/assessments',
    title: 'Assessments',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/assessments/assessments-page.tsx')),
  },
  {
    path: '/assessments/new',
    title: 'New assessment',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/assessments/assessment-wizard-page.tsx')),
  },
  {
    path: '/assessments/:id/edit',
    title: 'Edit assessment',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/assessments/assessment-wizard-page.tsx')),
  },
  {
    path: '/assessments/:id',
    title: 'Assessment',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/assessments/assessment-detail-page.tsx')),
  },
  {
    path: '/candidates/:id/report',
    title: 'Candidate report',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/candidates/report-page.tsx')),
  },
  {
    path: '/candidates/:id',
    title: 'Candidate report',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/candidates/report-page.tsx')),
  },
  {
    path: '/candidates/:id/replay',
    title: 'Session replay',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./replay/index.ts')),
  },
  {
    path: '/settings',
    title: 'Settings',
    access: 'member',
    layout: 'shell',
    component: page(() => import('./pages/settings/settings-page.tsx')),
  },
  {
    path: '/ops',
    title: 'Operations',
    access: 'operator',
    layout: 'shell',
    component: page(() => import('./pages/ops/ops-page.tsx')),
  },

  // The candidate's interview: its own API client (candidate credential), never the member client.
  {
    path: '/interview/:token',
    title: 'Your interview',
    access: 'public',
    layout: 'bare',
    component: page(() => import('./candidate/index.ts')),
  },
];
