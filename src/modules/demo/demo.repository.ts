/** The rows of the demo organization. */
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  assessments,
  creditLedgerEntries,
  memberships,
  type NewAssessment,
  organizations,
  users,
} from '../../platform/db/schema/index.ts';

/** Number of organizations; zero means a brand-new installation. */
export async function countOrganizations(db: Database): Promise<number> {
  const [row] = await db.select({ value: count() }).from(organizations);
  return row?.value ?? 0;
}

/** True when the demo organization (by slug) exists. */
export async function hasOrganizationWithSlug(db: Database, slug: string): Promise<boolean> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, slug))
    .limit(1);
  return rows.length > 0;
}

/** Inserts the demo organization, owner, credits and assessments in one transaction. */
export async function insertDemoOrganization(
  db: Database,
  demo: {
    organization: { name: string; slug: string; credits: number };
    owner: { email: string; name: string; passwordHash: string };
    assessments: Array<Omit<NewAssessment, 'organizationId' | 'createdByUserId'>>;
  },
): Promise<{ organizationId: string; ownerId: string }> {
  return db.transaction(async (tx) => {
    const [organization] = await tx
      .insert(organizations)
      .values({
        name: demo.organization.name,
        slug: demo.organization.slug,
        creditBalance: demo.organization.credits,
      })
      .returning({ id: organizations.id });
    const [owner] = await tx
      .insert(users)
      .values({
        email: demo.owner.email,
        name: demo.owner.name,
        passwordHash: demo.owner.passwordHash,
        emailVerifiedAt: new Date(),
      })
      .returning({ id: users.id });
    if (!organization || !owner) throw new Error('demo insert returned no row');
    await tx.insert(memberships).values({ organizationId: organization.id, userId: owner.id, role: 'OWNER' });
    await tx.insert(creditLedgerEntries).values({
      organizationId: organization.id,
      kind: 'adjustment',
      amount: demo.organization.credits,
      balanceAfter: demo.organization.credits,
      reason: 'Demo credits',
      actorKind: 'system',
    });
    await tx.insert(assessments).values(
      demo.assessments.map((assessment) => ({
        ...assessment,
        organizationId: organization.id,
        createdByUserId: owner.id,
      })),
    );
    return { organizationId: organization.id, ownerId: owner.id };
  });
}
