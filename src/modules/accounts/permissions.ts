/**
 * Who may do what in an organization: one table, here and in docs/SECURITY.md. Routes ask for a
 * permission, never for a role, so the table is the only place a rule changes. Pure.
 */

export const roles = ['OWNER', 'ADMIN', 'RECRUITER', 'VIEWER'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'organization:read',
  'organization:manage',
  'members:read',
  'members:manage',
  'api-keys:manage',
  'assessments:read',
  'assessments:write',
  'seeds:read',
  'seeds:write',
  'candidates:read',
  'candidates:write',
  'credits:read',
  'credits:purchase',
  'dashboard:read',
  'audit:read',
] as const;
export type Permission = (typeof permissions)[number];

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

/** The permission table. OWNER and ADMIN differ only in what membership rules forbid (last owner). */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  OWNER: new Set(administer),
  ADMIN: new Set(administer),
  RECRUITER: new Set(recruit),
  VIEWER: new Set(read),
};

/** An organization API key acts as a RECRUITER of its organization. */
export const API_KEY_ROLE: Role = 'RECRUITER';

/** Whether `role` grants `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

/** Roles an actor of `role` may give to others: never more than its own. */
export function assignableRoles(role: Role): Role[] {
  if (role === 'OWNER') return [...roles];
  if (role === 'ADMIN') return ['ADMIN', 'RECRUITER', 'VIEWER'];
  return [];
}

/** Who is acting on an organization's data. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      organizationId: string;
      role: Role;
      sessionId: string;
      isPlatformAdmin: boolean;
    }
  | { kind: 'api_key'; apiKeyId: string; organizationId: string; role: Role };
