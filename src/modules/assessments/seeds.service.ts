/**
 * Problem seed use cases, inside the actor's organization and audited. A seed is never deleted
 * (assessments and generated questions point at it); it is archived, which takes it out of new
 * plans. A seed that a published assessment draws from cannot be archived.
 */
import type { Database } from '../../platform/db/client.ts';
import type { ProblemSeed } from '../../platform/db/schema/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Actor, audit } from '../accounts/index.ts';
import { inTransaction } from './assessments.repository.ts';
import type { ActingContext } from './assessments.service.ts';
import {
  findSeed,
  insertSeed,
  listSeeds,
  publishedAssessmentsUsingSeed,
  seedUsage,
  updateSeed,
} from './seeds.repository.ts';
import {
  type SeedContent,
  type SeedCreate,
  type SeedListQuery,
  type SeedUpdate,
  type SeedView,
  seedProblems,
  toFieldProblems,
} from './seeds.schema.ts';

export interface SeedService {
  create(by: ActingContext, input: SeedCreate): Promise<SeedView>;
  list(
    actor: Actor,
    query: SeedListQuery,
  ): Promise<{ seeds: SeedView[]; total: number; nextCursor: string | null }>;
  get(actor: Actor, id: string): Promise<SeedView>;
  update(by: ActingContext, id: string, patch: SeedUpdate): Promise<SeedView>;
  archive(by: ActingContext, id: string): Promise<SeedView>;
}

const NOT_FOUND = 'The problem seed';

function contentOf(row: ProblemSeed): SeedContent {
  return {
    title: row.title,
    description: row.description,
    difficulty: row.difficulty,
    topics: row.topics,
    languages: row.languages,
    starters: row.starters,
    tests: row.tests.map((test) => ({ ...test, hidden: test.hidden ?? false })),
    rubric: row.rubric ?? null,
  };
}

/** The API view of a row. */
export function toSeedView(row: ProblemSeed, usedBy: number): SeedView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    ...contentOf(row),
    usedBy,
    createdByUserId: row.createdByUserId,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Creates the problem seed service. */
export function createSeedService(options: { db: Database; now?: () => Date }): SeedService {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function viewOf(tx: Database, row: ProblemSeed): Promise<SeedView> {
    return toSeedView(row, (await seedUsage(tx, [row.id])).get(row.id) ?? 0);
  }

  async function mustFind(tx: Database, organizationId: string, id: string, forUpdate = false) {
    const row = await findSeed(tx, organizationId, id, { forUpdate });
    if (!row) throw new NotFoundError(NOT_FOUND);
    return row;
  }

  return {
    async create({ actor, ip }, input) {
      return inTransaction(db, async (tx) => {
        const row = await insertSeed(tx, {
          ...input,
          organizationId: actor.organizationId,
          createdByUserId: actor.kind === 'user' ? actor.userId : null,
        });
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'seed.created',
          targetType: 'problem_seed',
          targetId: row.id,
          data: { title: row.title, difficulty: row.difficulty },
          ip,
        });
        return toSeedView(row, 0);
      });
    },

    async list(actor, query) {
      const { rows, total, hasMore } = await listSeeds(db, actor.organizationId, query);
      const usage = await seedUsage(
        db,
        rows.map((row) => row.id),
      );
      return {
        seeds: rows.map((row) => toSeedView(row, usage.get(row.id) ?? 0)),
        total,
        nextCursor: hasMore ? (rows.at(-1)?.id ?? null) : null,
      };
    },

    async get(actor, id) {
      return viewOf(db, await mustFind(db, actor.organizationId, id));
    },

    async update({ actor, ip }, id, patch) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, actor.organizationId, id, true);
        if (row.archivedAt) throw new ConflictError('This problem seed is archived and cannot be changed');
        const next: SeedContent = { ...contentOf(row), ...patch };
        const problems = toFieldProblems(seedProblems(next));
        if (problems.length > 0) {
          throw new ValidationError(
            `Invalid request — ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
            problems,
          );
        }
        const changed = Object.keys(patch).filter(
          (key) => patch[key as keyof SeedUpdate] !== undefined,
        ) as (keyof SeedUpdate)[];
        if (changed.length === 0) return viewOf(tx, row);
        const updated = await updateSeed(tx, actor.organizationId, id, next);
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'seed.updated',
          targetType: 'problem_seed',
          targetId: id,
          data: { changed },
          ip,
        });
        return viewOf(tx, updated);
      });
    },

    async archive({ actor, ip }, id) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, actor.organizationId, id, true);
        if (row.archivedAt) return viewOf(tx, row);
        const users = await publishedAssessmentsUsingSeed(tx, id);
        if (users.length > 0) {
          throw new ConflictError(
            `Published assessments draw from this problem seed (${users.map((a) => `"${a.title}"`).join(', ')}); archive them first`,
          );
        }
        const updated = await updateSeed(tx, actor.organizationId, id, { archivedAt: now() });
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'seed.archived',
          targetType: 'problem_seed',
          targetId: id,
          data: { title: row.title },
          ip,
        });
        return viewOf(tx, updated);
      });
    },
  };
}
