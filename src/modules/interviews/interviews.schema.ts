/**
 * Contracts of the interview API. Response schemas list every field a client gets: serialization
 * drops anything else, so a hidden test or a reference solution cannot slip into a response by
 * being spread into an object.
 */
import { z } from 'zod';
import type { InvitationLookup } from '../candidates/index.ts';
import type { StoredQuestion } from '../questions/index.ts';
import { RunResultSchema } from '../sandbox/index.ts';

const Language = z.enum(['python', 'javascript', 'typescript']);
const AiPolicy = z.enum(['off', 'consultant', 'pair_programming', 'full_copilot']);
const JsonValue = z.unknown();

export const TokenParamsSchema = z.object({ token: z.string().min(1).max(200) });
export const SessionParamsSchema = z.object({ id: z.uuid() });

/** What the intro page shows before the candidate consents. */
export const InterviewIntroSchema = z.object({
  candidate: z.object({ name: z.string() }),
  assessment: z.object({
    title: z.string(),
    description: z.string(),
    durationMinutes: z.number().int(),
    languages: z.array(Language),
    aiPolicy: AiPolicy,
    questionCount: z.number().int(),
    integrityMonitoring: z.boolean(),
  }),
  /** What is recorded during the interview, in plain words (consent is informed). */
  recorded: z.array(z.string()),
  /** not_started, or the existing session's status (a second visit resumes). */
  sessionStatus: z.enum(['not_started', 'active', 'completed', 'expired', 'abandoned']),
});
export type InterviewIntro = z.infer<typeof InterviewIntroSchema>;

/** The intro of an invitation. */
export function introOf(
  lookup: Extract<InvitationLookup, { ok: true }>,
  sessionStatus: InterviewIntro['sessionStatus'] | null,
): InterviewIntro {
  const { assessment } = lookup;
  const recorded = [
    'every change to your files, and your test runs',
    'your conversation with the AI assistant and what it does in your workspace',
    'commands and output in the terminal',
  ];
  if (assessment.integrityMonitoring) {
    recorded.push('pastes into the editor, and when this window loses or regains focus');
  }
  return {
    candidate: { name: lookup.candidate.name },
    assessment: {
      title: assessment.title,
      description: assessment.description,
      durationMinutes: assessment.durationMinutes,
      languages: assessment.languages,
      aiPolicy: assessment.aiPolicy,
      questionCount: assessment.questionCount,
      integrityMonitoring: assessment.integrityMonitoring,
    },
    recorded,
    sessionStatus: sessionStatus ?? 'not_started',
  };
}

export const StartBodySchema = z.object({
  consent: z.literal(true, { error: 'consent must be true: the interview records your work' }),
  language: Language.optional(),
});

/** A question as the candidate sees it: visible tests only, no solution, no rubric, no IRT. */
export const QuestionViewSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  language: Language,
  entryPoint: z.string(),
  topics: z.array(z.string()),
  estimatedMinutes: z.number().int(),
  visibleTests: z.array(z.object({ name: z.string(), args: z.array(JsonValue), expected: JsonValue })),
});
export type QuestionView = z.infer<typeof QuestionViewSchema>;

/** The candidate-facing view of a stored question. */
export function questionViewOf(question: StoredQuestion, number: number): QuestionView {
  return {
    id: question.id,
    number,
    title: question.title,
    description: question.description,
    difficulty: question.difficulty,
    language: question.language,
    entryPoint: question.entryPoint,
    topics: question.topics,
    estimatedMinutes: question.estimatedMinutes,
    visibleTests: question.tests
      .filter((test) => !test.hidden)
      .map((test) => ({ name: test.name, args: test.args, expected: test.expected })),
  };
}

const FileSchema = z.object({ path: z.string(), content: z.string() });

/** Everything a reload needs to resume exactly. */
export const InterviewStateSchema = z.object({
  session: z.object({
    id: z.uuid(),
    status: z.enum(['active', 'completed', 'expired', 'abandoned']),
    language: Language,
    aiPolicy: AiPolicy,
    startedAt: z.string(),
    deadlineAt: z.string(),
    remainingSeconds: z.number().int(),
    questionNumber: z.number().int(),
    questionCount: z.number().int(),
    lastEventSeq: z.number().int(),
    completedAt: z.string().nullable(),
  }),
  question: QuestionViewSchema.nullable(),
  files: z.array(FileSchema),
});
export type InterviewState = z.infer<typeof InterviewStateSchema>;

export const StartResponseSchema = z.object({
  sessionId: z.uuid(),
  /** Send as `Authorization: Bearer <credential>` on every interview request; shown once. */
  credential: z.string(),
  resumed: z.boolean(),
  state: InterviewStateSchema,
});

export const SubmitBodySchema = z
  .object({
    /** The question being submitted: a repeated submit of it is answered with the current state. */
    questionId: z.uuid().optional(),
  })
  // An empty POST arrives as null.
  .nullish();

export const SubmitOutcomeSchema = z.object({
  status: z.enum(['next', 'completed']),
  state: InterviewStateSchema,
});
export type SubmitOutcome = z.infer<typeof SubmitOutcomeSchema>;

// Workspace ---------------------------------------------------------------------------------

export const FilePathQuerySchema = z.object({ path: z.string().min(1).max(400) });
export const WriteFileBodySchema = z.object({
  path: z.string().min(1).max(400),
  content: z.string(),
  /** Fails with 409 if the file exists (create) — default: create or replace. */
  createOnly: z.boolean().optional(),
});
export const RenameFileBodySchema = z.object({
  from: z.string().min(1).max(400),
  to: z.string().min(1).max(400),
});
export const FileListSchema = z.object({
  files: z.array(
    z.object({ path: z.string(), size: z.number().int(), lastModifiedBy: z.string(), updatedAt: z.string() }),
  ),
});
export const FileContentSchema = FileSchema;
export const FileWriteResultSchema = z.object({
  path: z.string(),
  seq: z.number().int(),
  changed: z.boolean(),
});

/** A run as the candidate sees it (visible tests only). */
export const CandidateRunSchema = RunResultSchema;

// Events ------------------------------------------------------------------------------------

/** Event types a client may send; everything else is recorded by the server itself. */
export const CLIENT_EVENT_TYPE = /^(integrity|editor|ui)\.[a-z][a-z_]{0,39}$|^file\.opened$/;

/** Limits of one batch (PRODUCT: ≤ 500 events and ≤ 1 MB). */
export const eventBatchLimits = {
  maxEvents: 500,
  maxBodyBytes: 1024 * 1024,
  maxEventDataBytes: 16 * 1024,
} as const;

export const ClientEventSchema = z.object({
  clientSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  type: z
    .string()
    .max(60)
    .regex(CLIENT_EVENT_TYPE, 'clients may send integrity.*, editor.*, ui.* and file.opened events'),
  ts: z.iso.datetime({ offset: true }).optional(),
  questionId: z.uuid().optional(),
  filePath: z.string().max(400).optional(),
  data: z
    .record(z.string(), z.unknown())
    .default({})
    .refine((data) => JSON.stringify(data).length <= eventBatchLimits.maxEventDataBytes, {
      message: `event data may hold at most ${eventBatchLimits.maxEventDataBytes / 1024} KiB`,
    }),
});
export type ClientEvent = z.infer<typeof ClientEventSchema>;

export const EventBatchBodySchema = z.object({
  events: z.array(ClientEventSchema).min(1).max(eventBatchLimits.maxEvents),
});

export const EventBatchResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  lastSeq: z.number().int(),
});

export const StoredEventSchema = z.object({
  seq: z.number().int(),
  clientSeq: z.number().int().nullable(),
  ts: z.string(),
  type: z.string(),
  origin: z.enum(['candidate', 'assistant', 'system']),
  questionId: z.string().nullable(),
  filePath: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type StoredEvent = z.infer<typeof StoredEventSchema>;

const seqParam = z.coerce.number().int().nonnegative();
export const EventQuerySchema = z.object({
  from: seqParam.optional(),
  to: seqParam.optional(),
  after: seqParam.optional(),
  /** Comma-separated event types. */
  type: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const EventPageSchema = z.object({
  events: z.array(StoredEventSchema),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: z.number().int().nullable(),
});

// Replay ------------------------------------------------------------------------------------

export const ReplaySchema = z.object({
  session: z.object({
    id: z.uuid(),
    candidateId: z.uuid(),
    assessmentId: z.uuid(),
    status: z.string(),
    language: Language,
    startedAt: z.string(),
    deadlineAt: z.string(),
    completedAt: z.string().nullable(),
    lastEventSeq: z.number().int(),
    theta: z.number(),
    thetaSe: z.number(),
  }),
  questions: z.array(
    z.object({
      questionId: z.uuid(),
      position: z.number().int(),
      title: z.string(),
      difficulty: z.string(),
      startedAt: z.string(),
      submittedAt: z.string().nullable(),
      score: z.number().nullable(),
      autoSubmitted: z.boolean(),
      hiddenRunId: z.string().nullable(),
    }),
  ),
  snapshots: z.array(
    z.object({ seq: z.number().int(), questionId: z.string().nullable(), reason: z.string() }),
  ),
  timeline: z.array(StoredEventSchema),
  nextAfter: z.number().int().nullable(),
});

export const FilesAtQuerySchema = z.object({ seq: z.coerce.number().int().nonnegative() });
export const FilesAtSchema = z.object({ seq: z.number().int(), files: z.array(FileSchema) });
