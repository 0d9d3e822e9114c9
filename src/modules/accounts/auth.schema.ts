/**
 * HTTP contracts of the sign-in routes that the web app reads (it imports them as types only, so it
 * keeps no copy of the permission table). The response schema lists every field: serialization
 * drops anything else. Pure.
 */
import { z } from 'zod';
import { permissions, roles } from './permissions.ts';

export type { Permission, Role } from './permissions.ts';

export const RoleSchema = z.enum(roles);
export const PermissionSchema = z.enum(permissions);

export const MembershipSchema = z.object({
  organizationId: z.string(),
  role: RoleSchema,
  name: z.string(),
});

/** GET /api/auth/me: who is signed in, where, what they may do there, and the session's CSRF token. */
export const MeResponseSchema = z.object({
  success: z.literal(true),
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() }),
  /** The organization this sign-in acts on; null when it has none (removed, or never in one). */
  organization: MembershipSchema.nullable(),
  memberships: z.array(MembershipSchema),
  /** What the caller's role grants in `organization` (the server's table); empty without one. */
  permissions: z.array(PermissionSchema),
  /** Roles the caller may give to teammates there: never above their own. */
  assignableRoles: z.array(RoleSchema),
  /**
   * The X-CSRF-Token of this cookie session, so a page that reloads (and kept nothing) can still
   * make mutations. Another site cannot read this answer (same-origin policy), and the token is
   * worthless without the httpOnly cookie it is derived from.
   */
  csrfToken: z.string(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;
