/**
 * The curated question bank's file format. One directory per problem under `bank/<slug>/`:
 *   question.json               the problem: text, tests, rubric, IRT defaults (BankQuestionSchema)
 *   solution.{py,js,ts}         the reference solution per language (server only, never shown)
 *   starter.{py,js,ts}          what the candidate starts from (fails at least one hidden test)
 * Tests are language-neutral JSON: the entry point is called with `args`, the returned value is
 * compared with `expected` (deep equality, floats within 1e-6).
 */
import { z } from 'zod';

export const bankLanguages = ['python', 'javascript', 'typescript'] as const;
export type BankLanguage = (typeof bankLanguages)[number];

/** File extension of each language's solution and starter. */
export const extensionOf: Record<BankLanguage, string> = { python: 'py', javascript: 'js', typescript: 'ts' };

/** JSON values as tests carry them (the same shape the sandbox compares). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

export const BankTestSchema = z.object({
  name: z.string().min(1).max(200),
  args: z.array(JsonValueSchema),
  expected: JsonValueSchema,
  hidden: z.boolean(),
  timeoutMs: z.number().int().positive().max(10_000).optional(),
});
export type BankTest = z.infer<typeof BankTestSchema>;

export const BankQuestionSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case'),
    title: z.string().min(3).max(120),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    topics: z
      .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/))
      .min(1)
      .max(6),
    estimatedMinutes: z.number().int().min(5).max(90),
    /** Markdown; names the function as `entryPoints` does per language, so it says "the function". */
    description: z.string().min(40).max(6_000),
    entryPoints: z.object({
      python: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'snake_case'),
      javascript: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'camelCase'),
      typescript: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'camelCase'),
    }),
    tests: z.array(BankTestSchema).min(9).max(60),
    rubric: z.object({
      criteria: z
        .array(
          z.object({
            name: z.string().min(1),
            description: z.string().min(1),
            weight: z.number().positive(),
          }),
        )
        .min(2),
      notes: z.string().optional(),
    }),
    /** 2PL item parameters: discrimination a > 0, difficulty b on the ability scale. */
    irt: z.object({ a: z.number().min(0.2).max(3), b: z.number().min(-3).max(3) }),
  })
  .superRefine((question, context) => {
    const visible = question.tests.filter((test) => !test.hidden).length;
    const hidden = question.tests.length - visible;
    if (visible < 3)
      context.addIssue({
        code: 'custom',
        path: ['tests'],
        message: `needs >= 3 visible tests (has ${visible})`,
      });
    if (hidden < 6)
      context.addIssue({
        code: 'custom',
        path: ['tests'],
        message: `needs >= 6 hidden tests (has ${hidden})`,
      });
    const names = new Set(question.tests.map((test) => test.name));
    if (names.size !== question.tests.length)
      context.addIssue({ code: 'custom', path: ['tests'], message: 'test names must be unique' });
  });
export type BankQuestion = z.infer<typeof BankQuestionSchema>;

/** A problem with its code, as loaded from its directory. */
export interface BankEntry {
  question: BankQuestion;
  solutions: Record<BankLanguage, string>;
  starters: Record<BankLanguage, string>;
}
