/**
 * HTTP contracts of candidate reports and their share links. The response schemas list every field:
 * serialization drops anything else, so a field added to the service by mistake never leaks. Pure.
 */
import { z } from 'zod';

/** Where a candidate's evaluation stands. */
export const reportStatuses = ['not_started', 'in_progress', 'evaluating', 'evaluated', 'failed'] as const;
export const ReportStatusSchema = z.enum(reportStatuses);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

const CandidateStatusSchema = z.enum([
  'INVITED',
  'IN_PROGRESS',
  'COMPLETED',
  'EVALUATED',
  'ADVANCED',
  'REJECTED',
  'HIRED',
]);

export const ReportHistoryEntrySchema = z.object({
  from: CandidateStatusSchema.nullable(),
  to: CandidateStatusSchema,
  at: z.string(),
  reason: z.string().nullable(),
  actor: z.object({ kind: z.string(), name: z.string().nullable() }),
});

export const ReportCandidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  status: CandidateStatusSchema,
  statusChangedAt: z.string(),
  invitedAt: z.string(),
  history: z.array(ReportHistoryEntrySchema),
});

export const ReportAssessmentSchema = z.object({
  id: z.string(),
  title: z.string(),
  role: z.enum(['backend', 'frontend', 'fullstack', 'data', 'ml', 'custom']),
  seniority: z.enum(['junior', 'mid', 'senior', 'staff', 'principal']),
  aiPolicy: z.enum(['off', 'consultant', 'pair_programming', 'full_copilot']),
  durationMinutes: z.number().int(),
});

/** One test of the hidden (submission) run of a question. */
export const ReportTestResultSchema = z.object({
  testName: z.string(),
  passed: z.boolean(),
  hidden: z.boolean(),
  durationMs: z.number(),
  error: z.string().nullable(),
});

export const ReportHiddenRunSchema = z.object({
  runId: z.string(),
  status: z.enum([
    'ok',
    'compile_error',
    'runtime_error',
    'timeout',
    'memory_limit',
    'output_limit',
    'internal_error',
  ]),
  passed: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  durationMs: z.number(),
  tests: z.array(ReportTestResultSchema),
});

export const ReportQuestionSchema = z.object({
  position: z.number().int(),
  questionId: z.string(),
  title: z.string(),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  language: z.enum(['python', 'javascript', 'typescript']),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  /** Weighted share of hidden tests passed, 0..1; null while not submitted. */
  score: z.number().nullable(),
  autoSubmitted: z.boolean(),
  hiddenRun: ReportHiddenRunSchema.nullable(),
});

export const ReportSessionSchema = z.object({
  id: z.string(),
  status: z.enum(['active', 'completed', 'expired', 'abandoned']),
  language: z.enum(['python', 'javascript', 'typescript']),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  deadlineAt: z.string(),
  /** From start to completion (or to now while it runs). */
  durationSeconds: z.number().int(),
  questions: z.array(ReportQuestionSchema),
});

export const ReportEvidenceSchema = z.object({
  kind: z.string(),
  summary: z.string(),
  eventSeq: z.number().optional(),
  runId: z.string().optional(),
  filePath: z.string().optional(),
  lines: z.tuple([z.number(), z.number()]).optional(),
  value: z.number().optional(),
});

export const ReportDimensionSchema = z.object({
  name: z.string(),
  score: z.number(),
  weight: z.number(),
  confidence: z.number(),
  evidence: z.array(ReportEvidenceSchema),
});

export const ReportIntegritySchema = z.object({
  riskLevel: z.enum(['none', 'low', 'medium', 'high']),
  signals: z.array(
    z.object({
      kind: z.string(),
      severity: z.enum(['low', 'medium', 'high']),
      summary: z.string(),
      eventSeq: z.number().optional(),
      value: z.number().optional(),
      relatedSessionId: z.string().optional(),
    }),
  ),
});

export const ReportEvaluationSchema = z.object({
  id: z.string(),
  scoringVersion: z.string(),
  overall: z.number(),
  confidence: z.number(),
  recommendation: z.enum(['strong_hire', 'hire', 'no_hire', 'strong_no_hire', 'needs_review']),
  dimensions: z.array(ReportDimensionSchema),
  integrity: ReportIntegritySchema.nullable(),
  ability: z.object({ theta: z.number(), standardError: z.number() }).nullable(),
  llm: z
    .object({ provider: z.string(), model: z.string(), tokens: z.number(), costUsd: z.number() })
    .nullable(),
  details: z
    .object({
      summary: z.string().optional(),
      recommendationReasons: z.array(z.string()).optional(),
      methodDisagreement: z.record(z.string(), z.number()).optional(),
      unreviewedRecommendation: z
        .enum(['strong_hire', 'hire', 'no_hire', 'strong_no_hire', 'needs_review'])
        .optional(),
    })
    .nullable(),
  completedAt: z.string(),
});

/** A candidate's report as recruiters read it. */
export const ReportSchema = z.object({
  status: ReportStatusSchema,
  /** One sentence saying where things stand (shown when there are no scores yet). */
  statusMessage: z.string(),
  generatedAt: z.string(),
  candidate: ReportCandidateSchema,
  assessment: ReportAssessmentSchema,
  session: ReportSessionSchema.nullable(),
  /** The latest completed evaluation; null until there is one (no scores). */
  evaluation: ReportEvaluationSchema.nullable(),
});
export type Report = z.infer<typeof ReportSchema>;
export type ReportEvaluation = z.infer<typeof ReportEvaluationSchema>;
export type ReportEvidence = z.infer<typeof ReportEvidenceSchema>;
export type ReportQuestion = z.infer<typeof ReportQuestionSchema>;

/** The report behind a share link: everything but the candidate's email. */
export const SharedReportSchema = ReportSchema.extend({
  candidate: ReportCandidateSchema.omit({ email: true }),
});
export type SharedReport = z.infer<typeof SharedReportSchema>;

/** What the renderers accept: a full report or a shared one (no email). */
export type RenderableReport = Omit<Report, 'candidate'> & {
  candidate: Omit<Report['candidate'], 'email'> & { email?: string };
};

export const IdParamsSchema = z.object({ id: z.uuid('must be a UUID') });
export const ShareParamsSchema = z.object({
  id: z.uuid('must be a UUID'),
  shareId: z.uuid('must be a UUID'),
});
/** Any string: an ill-formed token is simply unknown (404), never a validation error that tells it apart. */
export const TokenParamsSchema = z.object({ token: z.string() });

/** Default lifetime of a share link: one week. */
export const DEFAULT_SHARE_HOURS = 168;
/** Longest lifetime of a share link: 30 days. */
export const MAX_SHARE_HOURS = 720;

export const CreateShareBodySchema = z
  .object({
    expiresInHours: z
      .number({ error: 'must be a number of hours' })
      .int('must be a whole number of hours')
      .min(1, 'at least 1 hour')
      .max(MAX_SHARE_HOURS, `at most ${MAX_SHARE_HOURS} hours (30 days)`)
      .default(DEFAULT_SHARE_HOURS),
  })
  // An empty POST arrives as null or undefined: the default lifetime.
  .nullish();

export const CreateShareResponseSchema = z.object({
  success: z.literal(true),
  id: z.string(),
  /** The link to send; shown now, never again (only the token's hash is stored). */
  url: z.string(),
  token: z.string(),
  expiresAt: z.string(),
});

export const ShareStateSchema = z.enum(['active', 'expired', 'revoked']);

export const ShareViewSchema = z.object({
  id: z.string(),
  state: ShareStateSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastAccessedAt: z.string().nullable(),
  accessCount: z.number().int(),
  createdBy: z.object({ userId: z.string().nullable(), name: z.string().nullable() }),
});
export type ShareView = z.infer<typeof ShareViewSchema>;

export const ReportResponseSchema = z.object({ success: z.literal(true), report: ReportSchema });
export const SharedReportResponseSchema = z.object({
  success: z.literal(true),
  report: SharedReportSchema,
  share: z.object({ expiresAt: z.string() }),
});
export const ShareListResponseSchema = z.object({
  success: z.literal(true),
  shares: z.array(ShareViewSchema),
});
export const ShareResponseSchema = z.object({ success: z.literal(true), share: ShareViewSchema });
