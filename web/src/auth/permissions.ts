/**
 * Roles as the console shows them. What a role may do is not here: GET /api/auth/me lists the
 * caller's permissions and grantable roles from the server's table (useAuth().can and
 * .assignableRoles), so there is one table, on the server.
 */
import type { Role } from '../api/types.ts';

export type { Permission } from '../api/types.ts';

/** All roles, highest first (the order of the members page's role menus). */
export const roles: readonly Role[] = ['OWNER', 'ADMIN', 'RECRUITER', 'VIEWER'];

/** One line per role for the members page. */
export const roleDescriptions: Record<Role, string> = {
  OWNER: 'Everything, including billing and other owners',
  ADMIN: 'Everything except making owners',
  RECRUITER: 'Assessments, candidates and reports',
  VIEWER: 'Read-only',
};
