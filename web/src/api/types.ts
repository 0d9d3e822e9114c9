/**
 * Shapes of the API, as types only. Contracts that live in the server's `*.schema.ts` files are
 * taken from there (`import type`: no server code reaches the bundle); answers of routes without a
 * schema file are written out here and follow the route files named beside them.
 */
import type { z } from 'zod';
import type { MeResponse, Permission, Role } from '../../../src/modules/accounts/auth.schema.ts';
import type {
  AiPolicy,
  AssessmentCreateSchema,
  AssessmentListResponseSchema,
  AssessmentRole,
  AssessmentStatus,
  AssessmentUpdateSchema,
  AssessmentView,
  Difficulty,
  ProgrammingLanguage,
  QuestionSource,
} from '../../../src/modules/assessments/assessments.schema.ts';
import type { SeedView } from '../../../src/modules/assessments/seeds.schema.ts';
import type {
  CandidateDetail,
  CandidateView,
  InviteResponseSchema,
  LinkResponseSchema,
} from '../../../src/modules/candidates/candidates.schema.ts';
import type { DeadLetterEntry, DeadLetterStats } from '../../../src/modules/ops/dead-letter.schema.ts';
import type {
  CreateShareResponseSchema,
  Report,
  ReportEvaluation,
  ReportEvidence,
  ReportQuestion,
  SharedReport,
  SharedReportResponseSchema,
  ShareView,
} from '../../../src/modules/reports/report.schema.ts';

export type {
  AiPolicy,
  AssessmentRole,
  AssessmentStatus,
  AssessmentView,
  CandidateDetail,
  CandidateView,
  DeadLetterEntry,
  DeadLetterStats,
  Difficulty,
  Permission,
  ProgrammingLanguage,
  QuestionSource,
  Report,
  ReportEvaluation,
  ReportEvidence,
  ReportQuestion,
  Role,
  SeedView,
  SharedReport,
  ShareView,
};

/** GET /api/reports/shared/:token: the report behind a share link (no email) and the link's expiry. */
export type SharedReportAnswer = z.infer<typeof SharedReportResponseSchema>;

/** Seniority levels (assessments.schema.ts). */
export type Seniority = AssessmentView['seniority'];
/** Candidate pipeline statuses (candidates/pipeline.ts). */
export type CandidateStatus = CandidateView['status'];
/** The body of POST /api/assessments, before server defaults. */
export type AssessmentCreateBody = z.input<typeof AssessmentCreateSchema>;
/** The body of PATCH /api/assessments/:id. */
export type AssessmentUpdateBody = z.input<typeof AssessmentUpdateSchema>;
export type AssessmentList = z.infer<typeof AssessmentListResponseSchema>;
export type InviteResponse = z.infer<typeof InviteResponseSchema>;
export type LinkResponse = z.infer<typeof LinkResponseSchema>;
export type CreateShareResponse = z.infer<typeof CreateShareResponseSchema>;

/**
 * GET /api/auth/me (accounts/auth.schema.ts): who is signed in, the caller's permissions and
 * grantable roles (the server's table: the app keeps no copy), and the session's CSRF token.
 */
export type Me = MeResponse;

/** POST /api/auth/signin and /signup. */
export interface SessionAnswer {
  success: true;
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string } | null;
  csrfToken: string;
}

/** GET /api/dashboard (dashboard/dashboard.routes.ts). */
export interface Dashboard {
  success: true;
  period: { from: string; to: string };
  kpis: {
    candidatesInvited: number;
    interviewsStarted: number;
    interviewsCompleted: number;
    completionRate: number | null;
    medianMinutesToComplete: number | null;
    evaluated: number;
    averageScore: number | null;
  };
  funnel: Array<{ stage: string; count: number }>;
  scoreDistribution: Array<{ bucket: string; count: number }>;
  assessments: Array<{
    assessmentId: string;
    title: string;
    invited: number;
    completed: number;
    averageScore: number | null;
  }>;
}

/** GET /api/audit (accounts/audit.routes.ts). */
export interface AuditEntry {
  id: string;
  action: string;
  actorKind: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  ip: string | null;
  createdAt: string;
}

/** GET /api/members (accounts/members.routes.ts). */
export interface MembersAnswer {
  success: true;
  members: Array<{ userId: string; email: string; name: string; role: Role; since: string }>;
  invitations: Array<{ id: string; email: string; role: Role; expiresAt: string }>;
}

/** POST /api/members/invitations. */
export interface MemberInvitationAnswer {
  success: true;
  invitation: { id: string; email: string; role: Role; expiresAt: string };
  link: string;
}

/** GET /api/api-keys. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** POST /api/api-keys: the key is shown once. */
export interface CreatedApiKey {
  success: true;
  id: string;
  name: string;
  prefix: string;
  key: string;
  expiresAt: string | null;
}

/** GET /api/credits (billing/credits.routes.ts). */
export interface CreditsAnswer {
  success: true;
  balance: number;
  total: number;
  entries: Array<{
    id: string;
    kind: 'purchase' | 'deduction' | 'refund' | 'adjustment';
    amount: number;
    balanceAfter: number;
    reason: string;
    reference: string | null;
    actorKind: string;
    actorUserId: string | null;
    candidateId: string | null;
    createdAt: string;
  }>;
}

export interface CreditPackage {
  id: string;
  name: string;
  credits: number;
  priceCents: number | null;
  currency: string | null;
  purchasable: boolean;
}

/** How the browser opens a checkout (GET /api/credits/packages); null there when none is configured. */
export interface CheckoutSettings {
  provider: 'paddle';
  environment: 'sandbox' | 'production';
  /** A Paddle client-side token (public by design: it can only open checkouts and preview prices). */
  clientToken: string;
}

/** GET /api/credits/packages (billing/credits.routes.ts). */
export interface CreditPackagesAnswer {
  success: true;
  packages: CreditPackage[];
  checkout: CheckoutSettings | null;
}

/** POST /api/credits/checkout: what Paddle.js needs. */
export interface CheckoutAnswer {
  success: true;
  checkout: {
    items: Array<{ priceId: string; quantity: number }>;
    customData: { organization_id: string };
  };
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface QueueFigures {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  workers: number;
}

/** GET /api/health/workers (ops/health.routes.ts). */
export interface WorkerHealth {
  status: HealthStatus;
  timestamp: string;
  responseTime: number;
  redis: { connected: boolean };
  queues: Record<string, QueueFigures | null>;
  totals: QueueFigures | null;
  warnings: string[];
}

interface DependencyCheck {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
}

/** GET /api/health. */
export interface PlatformHealth {
  status: HealthStatus;
  timestamp: string;
  version: string;
  uptimeSeconds: number;
  checks: {
    database: DependencyCheck & { kind: string };
    redis: DependencyCheck;
    queues: { ok: boolean; status: HealthStatus; warnings: string[] };
    sandbox?: {
      ok: boolean;
      mode: 'inline' | 'queue';
      driver: string;
      isolated: boolean;
      cgroups: string;
      languages: string[];
      concurrency: number;
      active: number;
      waiting: number;
      notes: string[];
    };
    llm?: {
      ok: boolean;
      provider: string;
      model: string;
      breaker: 'closed' | 'open' | 'half-open';
      consecutiveFailures: number;
    };
  };
}

/** Series of GET /api/admin/metrics (ops/metrics-history.ts). */
export type MetricsSeries =
  | 'queue_depth'
  | 'dead_letter_count'
  | 'llm_tokens'
  | 'llm_cost_usd'
  | 'question_cache_hit_rate';

export interface MetricsPoint {
  at: string;
  value: number;
  labels: Record<string, string>;
}

export interface MetricsHistory {
  success: true;
  series: MetricsSeries;
  from: string;
  to: string;
  stepSeconds: number;
  points: MetricsPoint[];
}

/** GET /api/admin/dlq?queue=… */
export interface DeadLetterList {
  success: true;
  queueName: string;
  jobCount: number;
  jobs: DeadLetterEntry[];
}

/** POST /api/admin/dlq. */
export interface DeadLetterActionResult {
  success: true;
  action: string;
  queue: string;
  jobId?: string;
  retried?: boolean;
  discarded?: boolean;
  clearedCount?: number;
  retriedCount?: number;
  failed?: Array<{ jobId: string; error: string }>;
}

/** GET /api/admin/question-cache (questions/question-cache.routes.ts). */
export interface QuestionCacheStats {
  totalKeys: number;
  totalQuestions: number;
  byDifficulty: Record<Difficulty, number>;
  byLanguage: Record<ProgrammingLanguage, number>;
  hits: number;
  misses: number;
  hitRate: number;
}

/** GET /api/admin/outbox (ops/outbox.routes.ts). */
export interface OutboxMessage {
  id: string;
  organizationId: string | null;
  to: string;
  subject: string;
  text: string;
  template: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** The queue names (platform/queue/contracts.ts). */
export const queueNames = [
  'interview-agent',
  'evaluation-agent',
  'code-execution',
  'question-generation',
  'notification',
] as const;
export type QueueName = (typeof queueNames)[number];
