/**
 * HTTP contracts of an organization's problem seeds (table `problem_seeds`): its own problems,
 * which the question generator adapts into full questions when an assessment's source is `seed`.
 * Pure; `seedProblems` holds the cross-field rules shared by create and update.
 */
import { z } from 'zod';
import type { FieldProblem } from '../../platform/errors.ts';
import {
  type Difficulty,
  DifficultySchema,
  type ProgrammingLanguage,
  ProgrammingLanguageSchema,
  TopicsSchema,
} from './assessments.schema.ts';

const JsonSchema = z.json();

/** A language-neutral test: call the entry point with `args`, compare with `expected`. */
export const SeedTestCaseSchema = z.object({
  name: z.string().trim().min(1, 'a test needs a name').max(200),
  args: z.array(JsonSchema).max(50, 'at most 50 arguments'),
  expected: JsonSchema,
  hidden: z.boolean().default(false),
  weight: z.number().positive('must be above 0').max(100).optional(),
  timeoutMs: z.number().int().min(1).max(20_000).optional(),
});

const FilePathSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((path) => !path.startsWith('/') && !path.split('/').includes('..') && !path.includes('\\'), {
    message: 'must be a relative path inside the workspace (no leading /, no ..)',
  });

/** Starter files of one language, the function the tests call, and optionally a reference solution. */
export const SeedStarterSchema = z.object({
  language: ProgrammingLanguageSchema,
  entryPoint: z
    .string()
    .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be a function name (letters, digits, _ and $)')
    .max(100),
  files: z
    .array(z.object({ path: FilePathSchema, content: z.string().max(100_000) }))
    .max(20, 'at most 20 files'),
  referenceSolution: z.string().max(200_000).optional(),
});

/** What good looks like (server only: never shown to candidates). */
export const SeedRubricSchema = z.object({
  criteria: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        description: z.string().max(2_000),
        weight: z.number().positive().max(100).optional(),
      }),
    )
    .min(1, 'a rubric needs at least one criterion')
    .max(20),
  notes: z.string().max(5_000).optional(),
});

const SeedLanguagesSchema = z
  .array(ProgrammingLanguageSchema)
  .min(1, 'offer at least one language')
  .max(6)
  .transform((languages) => [...new Set(languages)]);

const seedFields = {
  title: z.string().trim().min(1, 'a title is required').max(200, 'at most 200 characters'),
  description: z.string().trim().min(1, 'describe the problem').max(20_000, 'at most 20,000 characters'),
  difficulty: DifficultySchema,
  topics: TopicsSchema,
  languages: SeedLanguagesSchema,
  starters: z.array(SeedStarterSchema).max(3),
  tests: z.array(SeedTestCaseSchema).max(200, 'at most 200 tests'),
  rubric: SeedRubricSchema.nullable(),
};

/** The content of a seed after defaults. */
export interface SeedContent {
  title: string;
  description: string;
  difficulty: Difficulty;
  topics: string[];
  languages: ProgrammingLanguage[];
  starters: z.infer<typeof SeedStarterSchema>[];
  tests: z.infer<typeof SeedTestCaseSchema>[];
  rubric: z.infer<typeof SeedRubricSchema> | null;
}

/** A cross-field problem of a seed, with the path inside the seed. */
export interface SeedProblem {
  path: (string | number)[];
  message: string;
}

/** Cross-field rules: one starter per language, only for offered languages; distinct test names. */
export function seedProblems(seed: SeedContent): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const seen = new Set<string>();
  seed.starters.forEach((starter, index) => {
    if (!seed.languages.includes(starter.language)) {
      problems.push({
        path: ['starters', index, 'language'],
        message: `${starter.language} is not one of the seed's languages (${seed.languages.join(', ')})`,
      });
    }
    if (seen.has(starter.language)) {
      problems.push({
        path: ['starters', index, 'language'],
        message: `a second starter for ${starter.language}`,
      });
    }
    seen.add(starter.language);
  });
  const names = new Set<string>();
  seed.tests.forEach((test, index) => {
    if (names.has(test.name)) {
      problems.push({
        path: ['tests', index, 'name'],
        message: `the test name "${test.name}" is used twice`,
      });
    }
    names.add(test.name);
  });
  return problems;
}

/** `body.tests[2].name` form, as the error handler writes request validation paths. */
export function toFieldProblems(problems: SeedProblem[], root = 'body'): FieldProblem[] {
  return problems.map((problem) => ({
    path: `${root}${problem.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')}`,
    message: problem.message,
  }));
}

/** POST /api/seeds. */
export const SeedCreateSchema = z
  .object({
    ...seedFields,
    topics: seedFields.topics.default([]),
    starters: seedFields.starters.default([]),
    tests: seedFields.tests.default([]),
    rubric: seedFields.rubric.default(null),
  })
  .superRefine((seed, context) => {
    for (const problem of seedProblems(seed)) {
      context.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  });
export type SeedCreate = z.infer<typeof SeedCreateSchema>;

/** PATCH /api/seeds/:id: any subset; the cross-field rules are checked on the result. */
export const SeedUpdateSchema = z.object({
  title: seedFields.title.optional(),
  description: seedFields.description.optional(),
  difficulty: seedFields.difficulty.optional(),
  topics: seedFields.topics.optional(),
  languages: seedFields.languages.optional(),
  starters: seedFields.starters.optional(),
  tests: seedFields.tests.optional(),
  rubric: seedFields.rubric.optional(),
});
export type SeedUpdate = z.infer<typeof SeedUpdateSchema>;

/** GET /api/seeds. Newest first; archived seeds only when asked. */
export const SeedListQuerySchema = z.object({
  difficulty: DifficultySchema.optional(),
  language: ProgrammingLanguageSchema.optional(),
  search: z.string().trim().max(200).optional(),
  includeArchived: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
});
export type SeedListQuery = z.infer<typeof SeedListQuerySchema>;

export const SeedIdParamsSchema = z.object({ id: z.uuid('must be a problem seed id') });

/** A problem seed as the API shows it (to the organization's members only). */
export const SeedSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  title: z.string(),
  description: z.string(),
  difficulty: DifficultySchema,
  topics: z.array(z.string()),
  languages: z.array(ProgrammingLanguageSchema),
  starters: z.array(SeedStarterSchema),
  tests: z.array(SeedTestCaseSchema),
  rubric: SeedRubricSchema.nullable(),
  /** Assessments (not archived) whose plan uses this seed. */
  usedBy: z.number().int(),
  createdByUserId: z.string().nullable(),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SeedView = z.infer<typeof SeedSchema>;

export const SeedResponseSchema = z.object({ success: z.literal(true), seed: SeedSchema });

export const SeedListResponseSchema = z.object({
  success: z.literal(true),
  seeds: z.array(SeedSchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
