import type { AiPolicy, ProgrammingLanguage, Recommendation } from './enums.ts';

// TypeScript shapes of the jsonb columns. They describe what the database stores; request and response
// validation (zod) lives with the modules, which must keep their contracts assignable to these types.

/** Any JSON value (test arguments, expected values, event payloads). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** One file of a workspace, a starter set or a snapshot. */
export interface WorkspaceFileContent {
  path: string;
  content: string;
}

/** Weights of the four scoring dimensions (sum 1). */
export interface ScoringWeights {
  codeQuality: number;
  problemSolving: number;
  aiCollaboration: number;
  communication: number;
}

/** Share of easy / medium / hard questions in an assessment, as fractions that sum to 1. */
export interface DifficultyMix {
  easy: number;
  medium: number;
  hard: number;
}

/** Limits applied to the AI assistant; unset fields fall back to the platform defaults. */
export interface AssistantLimits {
  messagesPerQuestion?: number;
  tokensPerSession?: number;
  toolCallsPerTurn?: number;
}

/** Organization-level settings; every field is optional and has a platform default. */
export interface OrganizationSettings {
  invitationExpiryDays?: number;
  passThreshold?: number;
  defaultAiPolicy?: AiPolicy;
  assistantLimits?: AssistantLimits;
  reportShareExpiryDays?: number;
  retentionDays?: number;
}

/** What a good solution looks like; server only, never shown to the candidate or the assistant. */
export interface QuestionRubric {
  criteria: { name: string; description: string; weight?: number }[];
  notes?: string;
}

/** A language-neutral test case as authored in a problem seed (before it becomes a test_cases row). */
export interface SeedTestCase {
  name: string;
  args: JsonValue[];
  expected: JsonValue;
  hidden: boolean;
  weight?: number;
  timeoutMs?: number;
}

/** A starter file set for one language of a problem seed. */
export interface SeedStarter {
  language: ProgrammingLanguage;
  entryPoint: string;
  files: WorkspaceFileContent[];
  referenceSolution?: string;
}

/** How a generated question was produced (for cost accounting and cache diagnostics). */
export interface QuestionGenerationInfo {
  provider: string;
  model: string;
  tokensUsed: number;
  costUsd: number;
  cacheKey?: string;
  promptVersion?: string;
}

/** One tool call made by the AI assistant in a turn. */
export interface AiToolCall {
  id: string;
  name: string;
  input: JsonValue;
  output?: JsonValue;
  isError?: boolean;
  durationMs?: number;
  eventSeq?: number;
}

/** A piece of evidence that points at a real moment of the session. */
export interface EvaluationEvidence {
  kind: string;
  summary: string;
  eventSeq?: number;
  runId?: string;
  filePath?: string;
  lines?: [number, number];
  value?: number;
}

/** Score of one evaluation dimension. */
export interface EvaluationDimension {
  name: string;
  score: number;
  weight: number;
  confidence: number;
  evidence: EvaluationEvidence[];
}

/** One integrity signal with the reason it was raised. */
export interface IntegritySignal {
  kind: string;
  severity: 'low' | 'medium' | 'high';
  summary: string;
  eventSeq?: number;
  value?: number;
  relatedSessionId?: string;
}

/** Integrity summary of a session; a risk level with reasons, never an automatic rejection. */
export interface IntegrityReport {
  riskLevel: 'none' | 'low' | 'medium' | 'high';
  signals: IntegritySignal[];
}

/** IRT ability estimate. */
export interface AbilityEstimate {
  theta: number;
  standardError: number;
}

/** LLM usage of one evaluation. */
export interface EvaluationLlmUsage {
  provider: string;
  model: string;
  tokens: number;
  costUsd: number;
}

/** Narrative parts of an evaluation shown on the report. */
export interface EvaluationDetails {
  summary?: string;
  recommendationReasons?: string[];
  /** Per dimension, the spread in points between scoring methods (above 20 forces needs_review). */
  methodDisagreement?: Record<string, number>;
  /** The verdict the scores alone would give when it was downgraded to needs_review. */
  unreviewedRecommendation?: Recommendation;
}

/** Error of a failed job as stored in the dead-letter table. */
export interface JobError {
  name: string;
  message: string;
  stack?: string;
}

/** Live signals the interview agent keeps while a session runs (read by the evaluation). */
export interface InterviewAgentSignals {
  testFailureTrend?: number;
  aiDependency?: number;
  msPerQuestion?: number[];
  struggling?: boolean;
  focusLostCount?: number;
  focusLostMs?: number;
  largePasteCount?: number;
}

/** The interview agent's state for one session; the agent module owns any further fields. */
export interface InterviewAgentState {
  signals?: InterviewAgentSignals;
  [key: string]: unknown;
}

/** Context of a credit ledger entry (never the source of the credit amount, which comes from config). */
export interface CreditLedgerMetadata {
  candidateId?: string;
  assessmentId?: string;
  creditPackageId?: string;
  paddleTransactionId?: string;
  paddlePriceId?: string;
  amountPaid?: string;
  currency?: string;
  note?: string;
}

/** Optional routing rules of an alert channel; empty means "critical queues only". */
export interface AlertChannelFilters {
  queues?: string[];
  minSeverity?: 'info' | 'warning' | 'critical';
}
