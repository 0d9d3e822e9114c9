/**
 * HTTP contracts of assessments (PRODUCT.md §2): create and update bodies, the list query and the
 * answers. Field names follow the `assessments` table; the question plan groups `question_count`,
 * `difficulty_mix`, `question_source`, `adaptive`, `topics` and the `assessment_seeds` rows. Pure:
 * the closed sets are spelled out here and checked against the database enums by a unit test.
 */
import { z } from 'zod';

export const assessmentRoles = ['backend', 'frontend', 'fullstack', 'data', 'ml', 'custom'] as const;
export const seniorities = ['junior', 'mid', 'senior', 'staff', 'principal'] as const;
export const assessmentStatuses = ['draft', 'published', 'archived'] as const;
export const aiPolicies = ['off', 'consultant', 'pair_programming', 'full_copilot'] as const;
export const questionSources = ['bank', 'generated', 'seed'] as const;
export const programmingLanguages = ['python', 'javascript', 'typescript'] as const;
export const difficulties = ['easy', 'medium', 'hard'] as const;

export type AssessmentRole = (typeof assessmentRoles)[number];
export type AssessmentStatus = (typeof assessmentStatuses)[number];
export type AiPolicy = (typeof aiPolicies)[number];
export type QuestionSource = (typeof questionSources)[number];
export type ProgrammingLanguage = (typeof programmingLanguages)[number];
export type Difficulty = (typeof difficulties)[number];

/** Fields that cannot change once a candidate has started the assessment. */
export const lockableFields = ['role', 'seniority', 'languages', 'questionPlan'] as const;
export type LockableField = (typeof lockableFields)[number];

/** Question count bounds of a plan. */
export const MAX_QUESTION_COUNT = 20;
/** Duration bounds, in minutes. */
export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 480;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

export const AssessmentRoleSchema = oneOf(assessmentRoles);
export const SenioritySchema = oneOf(seniorities);
export const AssessmentStatusSchema = oneOf(assessmentStatuses);
export const AiPolicySchema = oneOf(aiPolicies);
export const QuestionSourceSchema = oneOf(questionSources);
export const ProgrammingLanguageSchema = oneOf(programmingLanguages);
export const DifficultySchema = oneOf(difficulties);

const dedupe = <T>(values: T[]): T[] => [...new Set(values)];

/** Allowed languages: at least one; repeats are dropped. */
export const LanguagesSchema = z
  .array(ProgrammingLanguageSchema)
  .min(1, 'allow at least one language')
  .max(programmingLanguages.length * 2)
  .transform(dedupe);

/** Topics are short labels, compared case-insensitively (stored lowercased, without repeats). */
export const TopicsSchema = z
  .array(z.string().trim().min(1, 'a topic cannot be empty').max(40, 'a topic has at most 40 characters'))
  .max(20, 'at most 20 topics')
  .transform((topics) => dedupe(topics.map((topic) => topic.toLowerCase())));

const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** Share of easy, medium and hard questions as fractions that sum to 1 (e.g. 0.2 / 0.6 / 0.2). */
export const DifficultyMixSchema = z
  .object({ easy: share, medium: share, hard: share })
  .refine((mix) => Math.abs(mix.easy + mix.medium + mix.hard - 1) < 0.001, {
    message: 'easy + medium + hard must sum to 1 (fractions, e.g. 0.2, 0.6, 0.2)',
  });
export type DifficultyMixInput = z.infer<typeof DifficultyMixSchema>;

const QuestionCountSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'plan at least one question')
  .max(MAX_QUESTION_COUNT, `at most ${MAX_QUESTION_COUNT} questions`);

const SeedIdsSchema = z
  .array(z.uuid('must be a problem seed id'))
  .max(50, 'at most 50 problem seeds')
  .refine((ids) => new Set(ids).size === ids.length, { message: 'a problem seed is listed twice' });

/** The question plan of a create body; absent fields take their defaults (mix: the seniority's). */
export const QuestionPlanInputSchema = z.object({
  count: QuestionCountSchema.default(3),
  difficultyMix: DifficultyMixSchema.optional(),
  source: QuestionSourceSchema.default('bank'),
  adaptive: z.boolean().default(true),
  topics: TopicsSchema.default([]),
  /** The organization's problem seeds, in order; only with source `seed`. */
  seedIds: SeedIdsSchema.default([]),
});

/** The question plan of an update body: every field optional. */
export const QuestionPlanPatchSchema = z.object({
  count: QuestionCountSchema.optional(),
  difficultyMix: DifficultyMixSchema.optional(),
  source: QuestionSourceSchema.optional(),
  adaptive: z.boolean().optional(),
  topics: TopicsSchema.optional(),
  seedIds: SeedIdsSchema.optional(),
});
export type QuestionPlanPatch = z.infer<typeof QuestionPlanPatchSchema>;

const TitleSchema = z.string().trim().min(1, 'a title is required').max(200, 'at most 200 characters');
const DescriptionSchema = z.string().max(20_000, 'at most 20,000 characters');
const DurationSchema = z
  .number()
  .int('must be a whole number of minutes')
  .min(MIN_DURATION_MINUTES, `at least ${MIN_DURATION_MINUTES} minutes`)
  .max(MAX_DURATION_MINUTES, `at most ${MAX_DURATION_MINUTES} minutes`);

/** POST /api/assessments. */
export const AssessmentCreateSchema = z.object({
  title: TitleSchema,
  description: DescriptionSchema.default(''),
  role: AssessmentRoleSchema,
  seniority: SenioritySchema,
  durationMinutes: DurationSchema,
  languages: LanguagesSchema,
  aiPolicy: AiPolicySchema.default('pair_programming'),
  integrityMonitoring: z.boolean().default(true),
  questionPlan: QuestionPlanInputSchema.default({
    count: 3,
    source: 'bank',
    adaptive: true,
    topics: [],
    seedIds: [],
  }),
});
export type AssessmentCreate = z.infer<typeof AssessmentCreateSchema>;

/** PATCH /api/assessments/:id: any subset of the create fields. */
export const AssessmentUpdateSchema = z.object({
  title: TitleSchema.optional(),
  description: DescriptionSchema.optional(),
  role: AssessmentRoleSchema.optional(),
  seniority: SenioritySchema.optional(),
  durationMinutes: DurationSchema.optional(),
  languages: LanguagesSchema.optional(),
  aiPolicy: AiPolicySchema.optional(),
  integrityMonitoring: z.boolean().optional(),
  questionPlan: QuestionPlanPatchSchema.optional(),
});
export type AssessmentUpdate = z.infer<typeof AssessmentUpdateSchema>;

/** POST /api/assessments/:id/duplicate: an optional title for the copy. */
// Fastify gives `null` for a request without a body.
export const AssessmentDuplicateSchema = z.object({ title: TitleSchema.optional() }).nullish();

/** GET /api/assessments. Newest first; `cursor` is the `nextCursor` of the previous page. */
export const AssessmentListQuerySchema = z.object({
  status: AssessmentStatusSchema.optional(),
  role: AssessmentRoleSchema.optional(),
  seniority: SenioritySchema.optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
});
export type AssessmentListQuery = z.infer<typeof AssessmentListQuerySchema>;

export const AssessmentIdParamsSchema = z.object({ id: z.uuid('must be an assessment id') });

/** A stored question plan. */
export const QuestionPlanSchema = z.object({
  count: z.number().int(),
  difficultyMix: z.object({ easy: z.number(), medium: z.number(), hard: z.number() }),
  source: QuestionSourceSchema,
  adaptive: z.boolean(),
  topics: z.array(z.string()),
  seedIds: z.array(z.string()),
});
export type QuestionPlan = z.infer<typeof QuestionPlanSchema>;

/** An assessment as the API shows it. */
export const AssessmentSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  title: z.string(),
  description: z.string(),
  role: AssessmentRoleSchema,
  seniority: SenioritySchema,
  durationMinutes: z.number().int(),
  languages: z.array(ProgrammingLanguageSchema),
  status: AssessmentStatusSchema,
  aiPolicy: AiPolicySchema,
  integrityMonitoring: z.boolean(),
  questionPlan: QuestionPlanSchema,
  /** True once a candidate has started: `lockedFields` can no longer change, the duration only grow. */
  locked: z.boolean(),
  lockedFields: z.array(z.enum(lockableFields)),
  createdByUserId: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AssessmentView = z.infer<typeof AssessmentSchema>;

export const AssessmentResponseSchema = z.object({ success: z.literal(true), assessment: AssessmentSchema });

export const AssessmentListResponseSchema = z.object({
  success: z.literal(true),
  assessments: z.array(AssessmentSchema),
  /** Matches of the filters across all pages. */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
