/** Labels and badge tones for the API's closed sets, in one place. */
import type {
  AiPolicy,
  AssessmentRole,
  AssessmentStatus,
  CandidateStatus,
  HealthStatus,
  ProgrammingLanguage,
  QuestionSource,
  ReportEvaluation,
} from '../api/types.ts';

/** Badge colours (ui/badge.tsx). */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export const roleOptions: ReadonlyArray<{ value: AssessmentRole; label: string }> = [
  { value: 'backend', label: 'Backend' },
  { value: 'frontend', label: 'Frontend' },
  { value: 'fullstack', label: 'Full-stack' },
  { value: 'data', label: 'Data' },
  { value: 'ml', label: 'Machine learning' },
  { value: 'custom', label: 'Custom' },
];

export const languageOptions: ReadonlyArray<{ value: ProgrammingLanguage; label: string }> = [
  { value: 'python', label: 'Python' },
  { value: 'javascript', label: 'JavaScript' },
  { value: 'typescript', label: 'TypeScript' },
];

export const aiPolicyOptions: ReadonlyArray<{ value: AiPolicy; label: string; description: string }> = [
  { value: 'off', label: 'Off', description: 'No AI assistant: the candidate works alone.' },
  {
    value: 'consultant',
    label: 'Consultant',
    description: 'Reads files, runs the visible tests and explains; never writes code.',
  },
  {
    value: 'pair_programming',
    label: 'Pair programming',
    description: 'Also writes and edits files when asked. The default.',
  },
  {
    value: 'full_copilot',
    label: 'Full copilot',
    description: 'Same tools, more proactive: suggests and makes changes on its own initiative.',
  },
];

export const questionSourceOptions: ReadonlyArray<{
  value: QuestionSource;
  label: string;
  description: string;
}> = [
  { value: 'bank', label: 'Curated bank', description: 'Problems proved in the sandbox, ready now.' },
  {
    value: 'generated',
    label: 'Generated',
    description: 'Written by the configured AI model; each is kept only once its reference solution passes.',
  },
  { value: 'seed', label: 'Your problem seeds', description: "Your organization's own problems, in order." },
];

export const assessmentStatusTone: Record<AssessmentStatus, Tone> = {
  draft: 'neutral',
  published: 'success',
  archived: 'warning',
};

export const candidateStatusOptions: ReadonlyArray<{ value: CandidateStatus; label: string; tone: Tone }> = [
  { value: 'INVITED', label: 'Invited', tone: 'neutral' },
  { value: 'IN_PROGRESS', label: 'In progress', tone: 'info' },
  { value: 'COMPLETED', label: 'Completed', tone: 'accent' },
  { value: 'EVALUATED', label: 'Evaluated', tone: 'accent' },
  { value: 'ADVANCED', label: 'Advanced', tone: 'success' },
  { value: 'REJECTED', label: 'Rejected', tone: 'danger' },
  { value: 'HIRED', label: 'Hired', tone: 'success' },
];

export function candidateStatusLabel(status: string): { label: string; tone: Tone } {
  return (
    candidateStatusOptions.find((option) => option.value === status) ?? { label: status, tone: 'neutral' }
  );
}

/** Decisions a member may take from each status (candidates/pipeline.ts statusTransitions). */
export function decisionsFrom(status: CandidateStatus): CandidateStatus[] {
  const moves: Record<CandidateStatus, CandidateStatus[]> = {
    INVITED: [],
    IN_PROGRESS: [],
    COMPLETED: ['ADVANCED', 'REJECTED', 'HIRED'],
    EVALUATED: ['ADVANCED', 'REJECTED', 'HIRED'],
    ADVANCED: ['HIRED', 'REJECTED'],
    REJECTED: [],
    HIRED: [],
  };
  return moves[status];
}

export const recommendationLabel: Record<ReportEvaluation['recommendation'], { label: string; tone: Tone }> =
  {
    strong_hire: { label: 'Strong hire', tone: 'success' },
    hire: { label: 'Hire', tone: 'success' },
    needs_review: { label: 'Needs review', tone: 'warning' },
    no_hire: { label: 'No hire', tone: 'danger' },
    strong_no_hire: { label: 'Strong no hire', tone: 'danger' },
  };

export const riskTone: Record<'none' | 'low' | 'medium' | 'high', Tone> = {
  none: 'success',
  low: 'info',
  medium: 'warning',
  high: 'danger',
};

export const healthTone: Record<HealthStatus, Tone> = {
  healthy: 'success',
  degraded: 'warning',
  unhealthy: 'danger',
};

/** "code_quality" → "Code quality". */
export function dimensionLabel(name: string): string {
  const known: Record<string, string> = {
    code_quality: 'Code quality',
    problem_solving: 'Problem solving',
    ai_collaboration: 'AI collaboration',
    communication: 'Communication',
  };
  return known[name] ?? name.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** "typescript" → "TypeScript". */
export function languageLabel(language: string): string {
  return languageOptions.find((option) => option.value === language)?.label ?? language;
}
