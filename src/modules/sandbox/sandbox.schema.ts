/**
 * Contracts of code execution (PRODUCT.md §3): TestCase, RunResult, TestResult, and what a caller
 * asks the sandbox to run. Expected values stay on the server side of these contracts.
 */
import { z } from 'zod';

export const LanguageSchema = z.enum(['python', 'javascript', 'typescript']);
export type Language = z.infer<typeof LanguageSchema>;

/** JSON values as they travel in tests (args, expected, returned values). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/** A call of the entry point with `args`, compared with `expected` outside the sandbox. */
export const TestCaseSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  args: z.array(JsonValueSchema),
  expected: JsonValueSchema,
  hidden: z.boolean(),
  weight: z.number().positive().default(1),
  timeoutMs: z.number().int().positive().max(10_000).optional(),
});
export type TestCase = z.infer<typeof TestCaseSchema>;

export const RunKindSchema = z.enum(['visible', 'hidden', 'adhoc']);
export type RunKind = z.infer<typeof RunKindSchema>;

export const RunStatusSchema = z.enum([
  'ok',
  'compile_error',
  'runtime_error',
  'timeout',
  'memory_limit',
  'output_limit',
  'internal_error',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** One file of the candidate's program. */
export const SourceFileSchema = z.object({
  path: z
    .string()
    .min(1)
    .max(200)
    .regex(
      /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/,
      'must be a relative path of plain names',
    ),
  content: z.string().max(512 * 1024),
});
export type SourceFile = z.infer<typeof SourceFileSchema>;

/** What to run: a program's files, and either tests of an entry point or one ad-hoc run. */
export const RunRequestSchema = z
  .object({
    language: LanguageSchema,
    kind: RunKindSchema,
    files: z.array(SourceFileSchema).min(1).max(50),
    /** The file holding the entry point (tests) or the file to run (ad hoc); default the first file. */
    mainFile: z.string().optional(),
    entryPoint: z
      .string()
      .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be an identifier')
      .optional(),
    tests: z.array(TestCaseSchema).max(500).optional(),
    /** Ad-hoc runs only: what the program reads on stdin. */
    stdin: z
      .string()
      .max(1024 * 1024)
      .optional(),
    runId: z.uuid().optional(),
    sessionId: z.uuid().optional(),
    questionId: z.uuid().optional(),
  })
  .refine((request) => request.kind === 'adhoc' || (request.entryPoint && request.tests), {
    message: 'test runs need entryPoint and tests',
  });
export type RunRequest = z.infer<typeof RunRequestSchema>;

/** Per test: the seed's fields plus `hidden`. `output` is the returned value rendered as JSON. */
export const TestResultSchema = z.object({
  testName: z.string(),
  passed: z.boolean(),
  output: z.string(),
  error: z.string().nullable(),
  duration: z.number(),
  hidden: z.boolean(),
});
export type TestResult = z.infer<typeof TestResultSchema>;

export const RunResultSchema = z.object({
  runId: z.string(),
  sessionId: z.string().optional(),
  questionId: z.string().optional(),
  language: LanguageSchema,
  kind: RunKindSchema,
  status: RunStatusSchema,
  tests: z.array(TestResultSchema),
  passed: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  durationMs: z.number(),
});
export type RunResult = z.infer<typeof RunResultSchema>;
