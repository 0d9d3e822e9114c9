/**
 * The permission table of the server (src/modules/accounts/permissions.ts), mirrored so the console
 * hides what a role cannot do. The server still decides: a control shown by mistake gets a 403.
 */
import type { Role } from '../api/types.ts';

export type Permission =
  | 'organization:read'
  | 'organization:manage'
  | 'members:read'
  | 'members:manage'
  | 'api-keys:manage'
  | 'assessments:read'
  | 'assessments:write'
  | 'seeds:read'
  | 'seeds:write'
  | 'candidates:read'
  | 'candidates:write'
  | 'credits:read'
  | 'credits:purchase'
  | 'dashboard:read'
  | 'audit:read';

const read: Permission[] = [
  'organization:read',
  'members:read',
  'assessments:read',
  'seeds:read',
  'candidates:read',
  'credits:read',
  'dashboard:read',
];
const recruit: Permission[] = [...read, 'assessments:write', 'seeds:write', 'candidates:write'];
const administer: Permission[] = [
  ...recruit,
  'organization:manage',
  'members:manage',
  'api-keys:manage',
  'credits:purchase',
  'audit:read',
];

const table: Record<Role, ReadonlySet<Permission>> = {
  OWNER: new Set(administer),
  ADMIN: new Set(administer),
  RECRUITER: new Set(recruit),
  VIEWER: new Set(read),
};

/** All roles, highest first. */
export const roles: readonly Role[] = ['OWNER', 'ADMIN', 'RECRUITER', 'VIEWER'];

/** Whether `role` grants `permission`; no role grants nothing. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? table[role].has(permission) : false;
}

/** Roles a member of `role` may give: never more than their own (OWNER all, ADMIN all but OWNER). */
export function assignableRoles(role: Role | null | undefined): Role[] {
  if (role === 'OWNER') return [...roles];
  if (role === 'ADMIN') return ['ADMIN', 'RECRUITER', 'VIEWER'];
  return [];
}

/** One line per role for the members page. */
export const roleDescriptions: Record<Role, string> = {
  OWNER: 'Everything, including billing and other owners',
  ADMIN: 'Everything except making owners',
  RECRUITER: 'Assessments, candidates and reports',
  VIEWER: 'Read-only',
};
