/** The recruiter dashboard's figures. */
export { registerDashboardRoutes } from './dashboard.routes.ts';
