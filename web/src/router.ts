import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import AppLayout from './components/AppLayout.vue';
import { startLiveUpdates } from './live';
import LoginPage from './pages/LoginPage.vue';
import {
  ADMIN_ONLY,
  ANY_CONSOLE_ROLE,
  CONSOLE_ROLES,
  DESK_ROLES,
  FEE_READERS,
  can,
  landing,
  loadMe,
  session,
} from './session';
import type { ConsoleRole } from './types';

declare module 'vue-router' {
  interface RouteMeta {
    /** The sign-in page: shown without the navigation. */
    public?: boolean;
    /** Roles the page is for, every desk role (not finance) when not said; the server checks every call anyway. */
    roles?: readonly ConsoleRole[];
    /** Only when the service runs as a demo. */
    demo?: boolean;
    /** The menu entry (console.nav.<key> / web.nav.<key>) the page belongs to. */
    nav?: string;
  }
}

/** Patrols, vacant units and visits: supervisors, zone managers, director, front desk. */
const PATROL_ROLES: ConsoleRole[] = ['admin', 'cs_supervisor', 'zone_manager', 'director', 'front_desk'];

/** Every page but sign-in and the frame is loaded when first opened. */
const pages: RouteRecordRaw[] = [
  { path: 'board', component: () => import('./pages/BoardPage.vue'), meta: { nav: 'board' } },
  { path: 'tickets', component: () => import('./pages/TicketListPage.vue'), meta: { nav: 'tickets' } },
  {
    path: 'tickets/new',
    component: () => import('./pages/TicketCreatePage.vue'),
    meta: { nav: 'create', roles: DESK_ROLES },
  },
  {
    path: 'ticket/:number',
    component: () => import('./pages/TicketDetailPage.vue'),
    meta: { nav: 'tickets' },
  },
  {
    path: 'renovations',
    component: () => import('./pages/RenovationPage.vue'),
    meta: { nav: 'renovations' },
  },
  { path: 'directory', component: () => import('./pages/DirectoryPage.vue'), meta: { nav: 'directory' } },
  { path: 'ranking', component: () => import('./pages/RankingPage.vue'), meta: { nav: 'ranking' } },
  {
    path: 'patrols',
    component: () => import('./pages/PatrolPage.vue'),
    meta: { nav: 'patrols', roles: PATROL_ROLES },
  },
  {
    path: 'visits',
    component: () => import('./pages/VisitPage.vue'),
    meta: { nav: 'visits', roles: PATROL_ROLES },
  },
  { path: 'dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { nav: 'dashboard' } },
  { path: 'surveys', component: () => import('./pages/SurveyPage.vue'), meta: { nav: 'surveys' } },
  {
    path: 'announcements',
    component: () => import('./pages/AnnouncementsPage.vue'),
    meta: { nav: 'announcements' },
  },
  {
    path: 'fees',
    component: () => import('./pages/FeesPage.vue'),
    meta: { nav: 'fees', roles: FEE_READERS },
  },
  {
    path: 'simulator',
    component: () => import('./pages/SimulatorPage.vue'),
    meta: { nav: 'simulator', demo: true },
  },
  {
    path: 'users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { nav: 'users', roles: ADMIN_ONLY },
  },
  {
    path: 'tokens',
    component: () => import('./pages/TokensPage.vue'),
    meta: { nav: 'tokens', roles: CONSOLE_ROLES },
  },
  {
    path: 'settings',
    component: () => import('./pages/SettingsPage.vue'),
    meta: { nav: 'settings', roles: ADMIN_ONLY },
  },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', component: LoginPage, meta: { public: true } },
    { path: '/', component: AppLayout, redirect: () => landing(), children: pages },
    { path: '/:rest(.*)*', redirect: () => landing() },
  ],
});

/** The menu: each page's entry, in order, for the signed-in role. */
export const menu = () => pages.filter((p) => p.meta?.nav && p.path !== 'ticket/:number' && allowed(p.meta));

function allowed(meta: RouteRecordRaw['meta']): boolean {
  if (!can(meta?.roles ?? ANY_CONSOLE_ROLE)) return false;
  if (meta?.demo && !session.me?.demo) return false;
  return true;
}

router.beforeEach(async (to) => {
  if (!session.me && !to.meta.public) {
    if (!(await loadMe())) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    startLiveUpdates();
  }
  if (to.meta.public && session.me) return landing();
  if (!to.meta.public && !allowed(to.meta)) return landing();
  return true;
});
