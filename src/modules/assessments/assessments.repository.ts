/**
 * SQL of assessments and their seed lists. Every query that takes an organization id filters by
 * it, so a row of another organization is simply not found.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  type Assessment,
  assessmentSeeds,
  assessments,
  interviewSessions,
  type NewAssessment,
  problemSeeds,
  questions,
} from '../../platform/db/schema/index.ts';
import type { AssessmentListQuery, Difficulty, ProgrammingLanguage } from './assessments.schema.ts';

/** Runs `work` in one transaction; `tx` has the same API as the database. */
export function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}

/** `%text%` for ILIKE, with the pattern characters of `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Inserts an assessment and its ordered seed list. */
export async function insertAssessment(
  db: Database,
  values: NewAssessment,
  seedIds: string[],
): Promise<Assessment> {
  const [row] = await db.insert(assessments).values(values).returning();
  if (!row) throw new Error('the assessment was not inserted');
  await replaceAssessmentSeeds(db, row.id, seedIds);
  return row;
}

/** The assessment `id` of `organizationId`; `forUpdate` locks the row until the transaction ends. */
export async function findAssessment(
  db: Database,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Assessment | undefined> {
  const query = db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, id), eq(assessments.organizationId, organizationId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Updates the assessment `id` of `organizationId`; resolves with the new row. */
export async function updateAssessment(
  db: Database,
  organizationId: string,
  id: string,
  set: Partial<NewAssessment>,
): Promise<Assessment> {
  const [row] = await db
    .update(assessments)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(assessments.id, id), eq(assessments.organizationId, organizationId)))
    .returning();
  if (!row) throw new Error('the assessment was not updated');
  return row;
}

/** Replaces the seed list of an assessment (positions follow the order of `seedIds`). */
export async function replaceAssessmentSeeds(
  db: Database,
  assessmentId: string,
  seedIds: string[],
): Promise<void> {
  await db.delete(assessmentSeeds).where(eq(assessmentSeeds.assessmentId, assessmentId));
  if (seedIds.length === 0) return;
  await db
    .insert(assessmentSeeds)
    .values(seedIds.map((seedId, position) => ({ assessmentId, seedId, position })));
}

/** The ordered seed ids of each assessment in `assessmentIds`. */
export async function seedIdsOf(db: Database, assessmentIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(assessmentIds.map((id) => [id, []]));
  if (assessmentIds.length === 0) return result;
  const rows = await db
    .select({ assessmentId: assessmentSeeds.assessmentId, seedId: assessmentSeeds.seedId })
    .from(assessmentSeeds)
    .where(inArray(assessmentSeeds.assessmentId, assessmentIds))
    .orderBy(asc(assessmentSeeds.assessmentId), asc(assessmentSeeds.position));
  for (const row of rows) result.get(row.assessmentId)?.push(row.seedId);
  return result;
}

/** Which of `assessmentIds` a candidate has started (an interview session exists). */
export async function startedAssessmentIds(
  db: Database,
  organizationId: string,
  assessmentIds: string[],
): Promise<Set<string>> {
  if (assessmentIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ assessmentId: interviewSessions.assessmentId })
    .from(interviewSessions)
    .where(
      and(
        eq(interviewSessions.organizationId, organizationId),
        inArray(interviewSessions.assessmentId, assessmentIds),
      ),
    );
  return new Set(rows.map((row) => row.assessmentId));
}

/**
 * Records when the first candidate started the assessment: sets locked_at unless it is set
 * already (a later start keeps the first time). The interview runtime calls it in the
 * transaction that creates the session. What is locked is decided from the started sessions
 * (`startedAssessmentIds`); locked_at only says since when. True when this call set it.
 */
export async function markAssessmentStarted(db: Database, assessmentId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(assessments)
    .set({ lockedAt: now })
    .where(and(eq(assessments.id, assessmentId), isNull(assessments.lockedAt)))
    .returning({ id: assessments.id });
  return rows.length > 0;
}

/** One page of the organization's assessments, newest first, and how many match in all. */
export async function listAssessments(
  db: Database,
  organizationId: string,
  query: AssessmentListQuery,
): Promise<{ rows: Assessment[]; total: number; hasMore: boolean }> {
  const filters: (SQL | undefined)[] = [
    eq(assessments.organizationId, organizationId),
    query.status ? eq(assessments.status, query.status) : undefined,
    query.role ? eq(assessments.role, query.role) : undefined,
    query.seniority ? eq(assessments.seniority, query.seniority) : undefined,
    query.search
      ? or(
          ilike(assessments.title, containsPattern(query.search)),
          ilike(assessments.description, containsPattern(query.search)),
        )
      : undefined,
  ];
  // The cursor is the last id of the previous page; comparing on the stored timestamp keeps its precision.
  const after = query.cursor
    ? sql`(${assessments.createdAt}, ${assessments.id}) < (select c.created_at, c.id from assessments c where c.id = ${query.cursor} and c.organization_id = ${organizationId})`
    : undefined;
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(assessments)
      .where(and(...filters, after))
      .orderBy(desc(assessments.createdAt), desc(assessments.id))
      // One more than asked tells whether another page exists.
      .limit(query.limit + 1),
    db
      .select({ total: count() })
      .from(assessments)
      .where(and(...filters)),
  ]);
  return {
    rows: rows.slice(0, query.limit),
    total: Number(totals?.total ?? 0),
    hasMore: rows.length > query.limit,
  };
}

/** Live curated-bank questions per language and difficulty. */
export async function bankQuestionCounts(
  db: Database,
): Promise<Partial<Record<ProgrammingLanguage, Partial<Record<Difficulty, number>>>>> {
  const rows = await db
    .select({ language: questions.language, difficulty: questions.difficulty, count: count() })
    .from(questions)
    .where(and(eq(questions.source, 'bank'), isNull(questions.archivedAt), isNull(questions.organizationId)))
    .groupBy(questions.language, questions.difficulty);
  const counts: Partial<Record<ProgrammingLanguage, Partial<Record<Difficulty, number>>>> = {};
  for (const row of rows) {
    const perDifficulty = counts[row.language] ?? {};
    perDifficulty[row.difficulty] = Number(row.count);
    counts[row.language] = perDifficulty;
  }
  return counts;
}

/** The seeds among `seedIds` that belong to `organizationId`, with what publishing checks. */
export async function seedFacts(db: Database, organizationId: string, seedIds: string[]) {
  if (seedIds.length === 0) return [];
  const rows = await db
    .select({ id: problemSeeds.id, languages: problemSeeds.languages, archivedAt: problemSeeds.archivedAt })
    .from(problemSeeds)
    .where(and(eq(problemSeeds.organizationId, organizationId), inArray(problemSeeds.id, seedIds)));
  return rows.map((row) => ({ id: row.id, languages: row.languages, archived: row.archivedAt !== null }));
}
