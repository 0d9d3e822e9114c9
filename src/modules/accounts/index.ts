/** Accounts: users, organizations, memberships, sign-in sessions, API keys and the permission table. */
export { audit } from './accounts.repository.ts';
export { registerAuditRoutes } from './audit.routes.ts';
export { registerAuthRoutes } from './auth.routes.ts';
export { type AuthService, createAuthService, type OutgoingEmail } from './auth.service.ts';
export {
  type AuthGuard,
  actorOf,
  CSRF_HEADER,
  createAuthGuard,
  SESSION_COOKIE,
} from './auth-guard.routes.ts';
export { registerMemberRoutes } from './members.routes.ts';
export { createPlatformOperator } from './operators.service.ts';
export { hashPassword, verifyPassword } from './password.ts';
export {
  type Actor,
  API_KEY_ROLE,
  can,
  type Permission,
  permissions,
  type Role,
  rolePermissions,
  roles,
} from './permissions.ts';
