/**
 * Assessment use cases: create, read, list, update, duplicate, publish, archive — always inside the
 * actor's organization (another organization's assessment is "not found"), each mutation audited
 * in the same transaction. Lifecycle draft → published → archived; archived is final (duplicate it).
 * Once a candidate has started, the role, seniority, languages and question plan stay as they are
 * and the duration can only grow, so every candidate is measured the same way.
 */
import type { Database } from '../../platform/db/client.ts';
import type { Assessment } from '../../platform/db/schema/index.ts';
import {
  AppError,
  ConflictError,
  type FieldProblem,
  NotFoundError,
  ValidationError,
} from '../../platform/errors.ts';
import { type Actor, audit } from '../accounts/index.ts';
import {
  type AssessmentContent,
  applyAssessmentUpdate,
  changedFields,
  lockViolations,
  planProblems,
  publishProblems,
} from './assessment-plan.ts';
import {
  bankQuestionCounts,
  findAssessment,
  insertAssessment,
  inTransaction,
  listAssessments,
  replaceAssessmentSeeds,
  seedFacts,
  seedIdsOf,
  startedAssessmentIds,
  updateAssessment,
} from './assessments.repository.ts';
import {
  type AssessmentCreate,
  type AssessmentListQuery,
  type AssessmentUpdate,
  type AssessmentView,
  lockableFields,
} from './assessments.schema.ts';
import { defaultDifficultyMix } from './difficulty-mix.ts';

/** Who acts, and from where (kept in the audit log). */
export interface ActingContext {
  actor: Actor;
  ip?: string | undefined;
}

/** Called after an assessment is published (or a published one's plan changed), once committed. */
export type OnAssessmentPublished = (assessment: AssessmentView) => void | Promise<void>;

/** Where a failing `onPublished` is reported; publishing itself has already succeeded then. */
export interface WarningLogger {
  warn(details: object, message: string): void;
}

export interface AssessmentService {
  create(by: ActingContext, input: AssessmentCreate): Promise<AssessmentView>;
  list(
    actor: Actor,
    query: AssessmentListQuery,
  ): Promise<{ assessments: AssessmentView[]; total: number; nextCursor: string | null }>;
  /** The assessment, or NotFoundError when it is not the actor's organization's. */
  get(actor: Actor, id: string): Promise<AssessmentView>;
  /** Like `get`, null when absent. */
  find(organizationId: string, id: string): Promise<AssessmentView | null>;
  update(by: ActingContext, id: string, patch: AssessmentUpdate): Promise<AssessmentView>;
  duplicate(by: ActingContext, id: string, title?: string): Promise<AssessmentView>;
  publish(by: ActingContext, id: string): Promise<AssessmentView>;
  archive(by: ActingContext, id: string): Promise<AssessmentView>;
}

const NOT_FOUND = 'The assessment';

function contentOf(row: Assessment, seedIds: string[]): AssessmentContent {
  return {
    title: row.title,
    description: row.description,
    role: row.role,
    seniority: row.seniority,
    durationMinutes: row.durationMinutes,
    languages: row.languages,
    aiPolicy: row.aiPolicy,
    integrityMonitoring: row.integrityMonitoring,
    questionPlan: {
      count: row.questionCount,
      difficultyMix: row.difficultyMix,
      source: row.questionSource,
      adaptive: row.adaptive,
      topics: row.topics,
      seedIds,
    },
  };
}

function columnsOf(content: AssessmentContent) {
  const plan = content.questionPlan;
  return {
    title: content.title,
    description: content.description,
    role: content.role,
    seniority: content.seniority,
    durationMinutes: content.durationMinutes,
    languages: content.languages,
    aiPolicy: content.aiPolicy,
    integrityMonitoring: content.integrityMonitoring,
    difficultyMix: plan.difficultyMix,
    questionCount: plan.count,
    questionSource: plan.source,
    adaptive: plan.adaptive,
    topics: plan.topics,
  };
}

/** The API view of a row. */
export function toAssessmentView(row: Assessment, seedIds: string[], started: boolean): AssessmentView {
  const content = contentOf(row, seedIds);
  return {
    id: row.id,
    organizationId: row.organizationId,
    ...content,
    status: row.status,
    locked: started,
    lockedFields: started ? [...lockableFields] : [],
    createdByUserId: row.createdByUserId,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const withBody = (problems: FieldProblem[]) => problems.map((p) => ({ ...p, path: `body.${p.path}` }));

function refuseIfInvalid(problems: FieldProblem[], summary: string): void {
  if (problems.length === 0) return;
  throw new ValidationError(
    `${summary} — ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    problems,
  );
}

/** Seeds named by a plan must be live seeds of the organization. */
async function checkSeedsUsable(db: Database, organizationId: string, seedIds: string[]): Promise<void> {
  if (seedIds.length === 0) return;
  const found = new Map((await seedFacts(db, organizationId, seedIds)).map((seed) => [seed.id, seed]));
  const unusable = seedIds.filter((id) => !found.get(id) || found.get(id)?.archived);
  refuseIfInvalid(
    unusable.length > 0
      ? [
          {
            path: 'body.questionPlan.seedIds',
            message: `unknown or archived problem seed(s): ${unusable.join(', ')}`,
          },
        ]
      : [],
    'Invalid request',
  );
}

const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** Creates the assessment service. */
export function createAssessmentService(options: {
  db: Database;
  onPublished?: OnAssessmentPublished | undefined;
  logger?: WarningLogger | undefined;
  now?: () => Date;
}): AssessmentService {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function notifyPublished(view: AssessmentView): Promise<void> {
    if (!options.onPublished) return;
    try {
      await options.onPublished(view);
    } catch (error) {
      // The assessment is published and committed; a failed pre-warm only costs cache misses.
      options.logger?.warn({ err: error, assessmentId: view.id }, 'onPublished failed after publishing');
    }
  }

  async function viewOf(tx: Database, row: Assessment): Promise<AssessmentView> {
    const [seeds, started] = await Promise.all([
      seedIdsOf(tx, [row.id]),
      startedAssessmentIds(tx, row.organizationId, [row.id]),
    ]);
    return toAssessmentView(row, seeds.get(row.id) ?? [], started.has(row.id));
  }

  async function mustFind(tx: Database, organizationId: string, id: string, forUpdate = false) {
    const row = await findAssessment(tx, organizationId, id, { forUpdate });
    if (!row) throw new NotFoundError(NOT_FOUND);
    return row;
  }

  return {
    async create({ actor, ip }, input) {
      const { questionPlan: plan } = input;
      const content: AssessmentContent = {
        ...input,
        questionPlan: {
          ...plan,
          difficultyMix: plan.difficultyMix ?? { ...defaultDifficultyMix[input.seniority] },
        },
      };
      refuseIfInvalid(withBody(planProblems(content)), 'Invalid request');
      await checkSeedsUsable(db, actor.organizationId, plan.seedIds);
      const row = await inTransaction(db, async (tx) => {
        const inserted = await insertAssessment(
          tx,
          { ...columnsOf(content), organizationId: actor.organizationId, createdByUserId: userIdOf(actor) },
          plan.seedIds,
        );
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'assessment.created',
          targetType: 'assessment',
          targetId: inserted.id,
          data: { title: inserted.title, seniority: inserted.seniority },
          ip,
        });
        return inserted;
      });
      return toAssessmentView(row, plan.seedIds, false);
    },

    async list(actor, query) {
      const { rows, total, hasMore } = await listAssessments(db, actor.organizationId, query);
      const ids = rows.map((row) => row.id);
      const [seeds, started] = await Promise.all([
        seedIdsOf(db, ids),
        startedAssessmentIds(db, actor.organizationId, ids),
      ]);
      return {
        assessments: rows.map((row) => toAssessmentView(row, seeds.get(row.id) ?? [], started.has(row.id))),
        total,
        nextCursor: hasMore ? (rows.at(-1)?.id ?? null) : null,
      };
    },

    async get(actor, id) {
      return viewOf(db, await mustFind(db, actor.organizationId, id));
    },

    async find(organizationId, id) {
      const row = await findAssessment(db, organizationId, id);
      return row ? viewOf(db, row) : null;
    },

    async update({ actor, ip }, id, patch) {
      const outcome = await inTransaction(db, async (tx) => {
        const row = await mustFind(tx, actor.organizationId, id, true);
        if (row.status === 'archived') {
          throw new ConflictError('This assessment is archived and cannot be changed; duplicate it instead');
        }
        const seeds = (await seedIdsOf(tx, [id])).get(id) ?? [];
        const before = contentOf(row, seeds);
        const after = applyAssessmentUpdate(before, patch);
        refuseIfInvalid(withBody(planProblems(after)), 'Invalid request');
        const changed = changedFields(before, after);
        if (changed.length === 0) return { view: await viewOf(tx, row), replan: false };

        const started = (await startedAssessmentIds(tx, actor.organizationId, [id])).has(id);
        if (started) {
          const violations = lockViolations(before, after);
          const messages: string[] = [];
          const fields: FieldProblem[] = violations.fields.map((field) => ({
            path: `body.${field}`,
            message: 'locked: a candidate has started this assessment',
          }));
          if (violations.fields.length > 0) {
            messages.push(`${violations.fields.join(', ')} can no longer change`);
          }
          if (violations.durationShrinks) {
            messages.push(`the duration can only grow (it is ${before.durationMinutes} minutes)`);
            fields.push({
              path: 'body.durationMinutes',
              message: `must be at least ${before.durationMinutes}`,
            });
          }
          if (messages.length > 0) {
            throw new AppError(
              'CONFLICT',
              `A candidate has started this assessment, so ${messages.join(' and ')}. Duplicate it to change the plan.`,
              { fields },
            );
          }
        }
        const seedsChanged = before.questionPlan.seedIds.join(',') !== after.questionPlan.seedIds.join(',');
        if (seedsChanged) await checkSeedsUsable(tx, actor.organizationId, after.questionPlan.seedIds);
        const updated = await updateAssessment(tx, actor.organizationId, id, columnsOf(after));
        if (seedsChanged) await replaceAssessmentSeeds(tx, id, after.questionPlan.seedIds);
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'assessment.updated',
          targetType: 'assessment',
          targetId: id,
          data: { changed },
          ip,
        });
        return {
          view: toAssessmentView(updated, after.questionPlan.seedIds, started),
          replan:
            updated.status === 'published' &&
            (changed.includes('languages') || changed.includes('questionPlan')),
        };
      });
      if (outcome.replan) await notifyPublished(outcome.view);
      return outcome.view;
    },

    async duplicate({ actor, ip }, id, title) {
      const source = await mustFind(db, actor.organizationId, id);
      const seeds = (await seedIdsOf(db, [id])).get(id) ?? [];
      const content = contentOf(source, seeds);
      const copyTitle = title ?? `${source.title} (copy)`.slice(0, 200);
      const row = await inTransaction(db, async (tx) => {
        const inserted = await insertAssessment(
          tx,
          {
            ...columnsOf({ ...content, title: copyTitle }),
            organizationId: actor.organizationId,
            createdByUserId: userIdOf(actor),
          },
          seeds,
        );
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'assessment.duplicated',
          targetType: 'assessment',
          targetId: inserted.id,
          data: { sourceId: id, title: copyTitle },
          ip,
        });
        return inserted;
      });
      return toAssessmentView(row, seeds, false);
    },

    async publish({ actor, ip }, id) {
      const outcome = await inTransaction(db, async (tx) => {
        const row = await mustFind(tx, actor.organizationId, id, true);
        if (row.status === 'archived') {
          throw new ConflictError(
            'This assessment is archived and cannot be published again; duplicate it instead',
          );
        }
        // Publishing twice (a retried request) changes nothing and warms nothing twice.
        if (row.status === 'published') return { view: await viewOf(tx, row), published: false };
        const seeds = (await seedIdsOf(tx, [id])).get(id) ?? [];
        const content = contentOf(row, seeds);
        const [bankCounts, seedsFound] = await Promise.all([
          content.questionPlan.source === 'bank' ? bankQuestionCounts(tx) : Promise.resolve({}),
          seedFacts(tx, actor.organizationId, seeds),
        ]);
        refuseIfInvalid(
          publishProblems(content, { bankCounts, seeds: seedsFound }),
          'This assessment cannot be published yet',
        );
        const updated = await updateAssessment(tx, actor.organizationId, id, {
          status: 'published',
          publishedAt: now(),
        });
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'assessment.published',
          targetType: 'assessment',
          targetId: id,
          data: {
            questionCount: content.questionPlan.count,
            source: content.questionPlan.source,
            languages: content.languages,
          },
          ip,
        });
        return { view: await viewOf(tx, updated), published: true };
      });
      if (outcome.published) await notifyPublished(outcome.view);
      return outcome.view;
    },

    async archive({ actor, ip }, id) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, actor.organizationId, id, true);
        if (row.status === 'archived') return viewOf(tx, row);
        const updated = await updateAssessment(tx, actor.organizationId, id, {
          status: 'archived',
          archivedAt: now(),
        });
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'assessment.archived',
          targetType: 'assessment',
          targetId: id,
          data: { previousStatus: row.status },
          ip,
        });
        return viewOf(tx, updated);
      });
    },
  };
}
