/** Accounts: users, organizations, memberships, sign-in sessions, API keys and the permission table. */
export { audit } from './accounts.repository.ts';
export {
  type AuthGuard,
  actorOf,
  CSRF_HEADER,
  createAuthGuard,
  SESSION_COOKIE,
} from './auth-guard.routes.ts';
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
