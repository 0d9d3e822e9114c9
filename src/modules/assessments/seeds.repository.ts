/** SQL of an organization's problem seeds; every query filters by the organization. */
import { and, count, desc, eq, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  assessmentSeeds,
  assessments,
  type NewProblemSeed,
  type ProblemSeed,
  problemSeeds,
} from '../../platform/db/schema/index.ts';
import { containsPattern } from './assessments.repository.ts';
import type { SeedListQuery } from './seeds.schema.ts';

/** Inserts a seed. */
export async function insertSeed(db: Database, values: NewProblemSeed): Promise<ProblemSeed> {
  const [row] = await db.insert(problemSeeds).values(values).returning();
  if (!row) throw new Error('the problem seed was not inserted');
  return row;
}

/** The seed `id` of `organizationId`; `forUpdate` locks it until the transaction ends. */
export async function findSeed(
  db: Database,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProblemSeed | undefined> {
  const query = db
    .select()
    .from(problemSeeds)
    .where(and(eq(problemSeeds.id, id), eq(problemSeeds.organizationId, organizationId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Updates the seed `id` of `organizationId`; resolves with the new row. */
export async function updateSeed(
  db: Database,
  organizationId: string,
  id: string,
  set: Partial<NewProblemSeed>,
): Promise<ProblemSeed> {
  const [row] = await db
    .update(problemSeeds)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(problemSeeds.id, id), eq(problemSeeds.organizationId, organizationId)))
    .returning();
  if (!row) throw new Error('the problem seed was not updated');
  return row;
}

/** One page of the organization's seeds, newest first, and how many match in all. */
export async function listSeeds(
  db: Database,
  organizationId: string,
  query: SeedListQuery,
): Promise<{ rows: ProblemSeed[]; total: number; hasMore: boolean }> {
  const filters: (SQL | undefined)[] = [
    eq(problemSeeds.organizationId, organizationId),
    query.includeArchived ? undefined : isNull(problemSeeds.archivedAt),
    query.difficulty ? eq(problemSeeds.difficulty, query.difficulty) : undefined,
    query.language ? sql`${query.language} = any(${problemSeeds.languages})` : undefined,
    query.search
      ? or(
          ilike(problemSeeds.title, containsPattern(query.search)),
          ilike(problemSeeds.description, containsPattern(query.search)),
        )
      : undefined,
  ];
  const after = query.cursor
    ? sql`(${problemSeeds.createdAt}, ${problemSeeds.id}) < (select s.created_at, s.id from problem_seeds s where s.id = ${query.cursor} and s.organization_id = ${organizationId})`
    : undefined;
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(problemSeeds)
      .where(and(...filters, after))
      .orderBy(desc(problemSeeds.createdAt), desc(problemSeeds.id))
      // One more than asked tells whether another page exists.
      .limit(query.limit + 1),
    db
      .select({ total: count() })
      .from(problemSeeds)
      .where(and(...filters)),
  ]);
  return {
    rows: rows.slice(0, query.limit),
    total: Number(totals?.total ?? 0),
    hasMore: rows.length > query.limit,
  };
}

/** How many assessments that are not archived use each seed of `seedIds`. */
export async function seedUsage(db: Database, seedIds: string[]): Promise<Map<string, number>> {
  const usage = new Map<string, number>(seedIds.map((id) => [id, 0]));
  if (seedIds.length === 0) return usage;
  const rows = await db
    .select({ seedId: assessmentSeeds.seedId, count: count() })
    .from(assessmentSeeds)
    .innerJoin(assessments, eq(assessments.id, assessmentSeeds.assessmentId))
    .where(and(inArray(assessmentSeeds.seedId, seedIds), ne(assessments.status, 'archived')))
    .groupBy(assessmentSeeds.seedId);
  for (const row of rows) usage.set(row.seedId, Number(row.count));
  return usage;
}

/** Published assessments whose plan draws from the seed. */
export async function publishedAssessmentsUsingSeed(db: Database, seedId: string) {
  return db
    .select({ id: assessments.id, title: assessments.title })
    .from(assessmentSeeds)
    .innerJoin(assessments, eq(assessments.id, assessmentSeeds.assessmentId))
    .where(
      and(
        eq(assessmentSeeds.seedId, seedId),
        eq(assessments.status, 'published'),
        eq(assessments.questionSource, 'seed'),
      ),
    );
}
