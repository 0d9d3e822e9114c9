/** Wording and number formats shared by the HTML and PDF reports, so both say the same. Pure. */
import type { ReportEvidence, ReportStatus } from './report.schema.ts';

const dimensionLabels: Record<string, string> = {
  code_quality: 'Code quality',
  problem_solving: 'Problem solving',
  ai_collaboration: 'AI collaboration',
  communication: 'Communication',
};

/** "code_quality" / "codeQuality" → "Code quality"; known dimensions keep their product names. */
export function labelOf(name: string): string {
  const known = dimensionLabels[name];
  if (known) return known;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

const recommendationLabels: Record<string, string> = {
  strong_hire: 'Strong hire',
  hire: 'Hire',
  no_hire: 'No hire',
  strong_no_hire: 'Strong no hire',
  needs_review: 'Needs review',
};

/** The recommendation as a recruiter reads it. */
export function recommendationLabel(recommendation: string): string {
  return recommendationLabels[recommendation] ?? labelOf(recommendation);
}

const statusLabels: Record<ReportStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  evaluating: 'Evaluating',
  evaluated: 'Evaluated',
  failed: 'Failed',
};

/** The report status as a label. */
export function statusLabel(status: ReportStatus): string {
  return statusLabels[status];
}

const aiPolicyLabels: Record<string, string> = {
  off: 'Off',
  consultant: 'Consultant',
  pair_programming: 'Pair programming',
  full_copilot: 'Full copilot',
};

/** The assessment's AI assistant policy as a label. */
export function aiPolicyLabel(policy: string): string {
  return aiPolicyLabels[policy] ?? labelOf(policy);
}

/** A 0–100 score, rounded to a whole point. */
export function formatScore(score: number): string {
  return String(Math.round(clamp(score, 0, 100)));
}

/** A 0–1 fraction as a whole percentage, e.g. 0.824 → "82%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(clamp(fraction, 0, 1) * 100)}%`;
}

/** A number with at most `digits` decimals, without trailing zeros. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '–';
  return String(Number(value.toFixed(digits)));
}

/** Width of a 0–100 bar in percent, safe to put in a style attribute. */
export function barWidth(score: number): number {
  return Math.round(clamp(Number.isFinite(score) ? score : 0, 0, 100));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** An ISO time as "2026-01-31 17:05 UTC" (the same for every reader). */
export function formatTime(iso: string | null): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '–';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in seconds as "1 h 05 min", "12 min 30 s" or "45 s". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** Milliseconds as "12 ms" or "1.5 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000, 1)} s` : `${Math.round(ms)} ms`;
}

/**
 * Where a piece of evidence points: "event #12", "run 1a2b3c4d", "solution.py lines 3–9", joined
 * with " · "; empty when it points nowhere.
 */
export function evidenceReference(evidence: ReportEvidence): string {
  const parts: string[] = [];
  if (evidence.eventSeq !== undefined) parts.push(`event #${evidence.eventSeq}`);
  if (evidence.runId) parts.push(`run ${evidence.runId.slice(0, 8)}`);
  if (evidence.filePath) {
    const lines = evidence.lines;
    if (!lines) parts.push(evidence.filePath);
    else if (lines[0] === lines[1]) parts.push(`${evidence.filePath} line ${lines[0]}`);
    else parts.push(`${evidence.filePath} lines ${lines[0]}–${lines[1]}`);
  }
  if (evidence.value !== undefined) parts.push(`value ${formatNumber(evidence.value)}`);
  return parts.join(' · ');
}

/** "θ = 0.42 ± 0.31" (the PDF spells theta out). */
export function abilityText(ability: { theta: number; standardError: number }, theta = 'θ'): string {
  return `${theta} = ${formatNumber(ability.theta)} ± ${formatNumber(ability.standardError)}`;
}

/** Text cut to `max` characters with an ellipsis (long error messages, code excerpts). */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
