/**
 * The interview agent's live signals (PRODUCT.md §5): test failure trend, AI dependency, time per
 * question, struggling, focus and paste counts. Folded event by event, so processing a batch
 * twice is prevented by the caller's cursor, not by this function. Pure.
 */

/** The state the agent keeps per session. */
export interface LiveSignals {
  testFailureTrend: number;
  aiDependency: number;
  msPerQuestion: number[];
  struggling: boolean;
  focusLostCount: number;
  focusLostMs: number;
  largePasteCount: number;
  /** Working values the signals are derived from. */
  work: {
    failedRuns: number[];
    aiMessages: number;
    assistantFileEvents: number;
    candidateFileEvents: number;
    questionStartedAt: number | null;
    focusLostAt: number | null;
    failingStreak: number;
  };
}

/** An event as the agent reads it. */
export interface AgentEvent {
  seq: number;
  ts: number;
  type: string;
  origin: string;
  data: Record<string, unknown>;
}

/** Pastes of at least this many characters count as large. */
export const LARGE_PASTE_CHARS = 200;
/** This many failing visible runs in a row, without progress, mean the candidate is struggling. */
export const STRUGGLING_STREAK = 3;

/** Signals of a session that has seen no events. */
export function emptySignals(): LiveSignals {
  return {
    testFailureTrend: 0,
    aiDependency: 0,
    msPerQuestion: [],
    struggling: false,
    focusLostCount: 0,
    focusLostMs: 0,
    largePasteCount: 0,
    work: {
      failedRuns: [],
      aiMessages: 0,
      assistantFileEvents: 0,
      candidateFileEvents: 0,
      questionStartedAt: null,
      focusLostAt: null,
      failingStreak: 0,
    },
  };
}

/** Least-squares slope of `values` over their index: negative when failures go down. */
function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, index) => {
    numerator += (index - meanX) * (value - meanY);
    denominator += (index - meanX) ** 2;
  });
  return Math.round((numerator / denominator) * 1000) / 1000;
}

/** The signals after `events` (in seq order). */
export function foldSignals(start: LiveSignals, events: readonly AgentEvent[]): LiveSignals {
  const next: LiveSignals = structuredClone(start);
  const work = next.work;
  for (const event of events) {
    switch (event.type) {
      case 'question.started':
        work.questionStartedAt = event.ts;
        work.failingStreak = 0;
        break;
      case 'question.submitted':
        if (work.questionStartedAt !== null) next.msPerQuestion.push(event.ts - work.questionStartedAt);
        work.questionStartedAt = null;
        break;
      case 'run.visible': {
        const failed = Number(event.data.failed ?? 0);
        const previous = work.failedRuns.at(-1);
        work.failedRuns = [...work.failedRuns, failed].slice(-10);
        work.failingStreak =
          failed > 0 && (previous === undefined || failed >= previous) ? work.failingStreak + 1 : 0;
        break;
      }
      case 'ai.message':
        if (event.data.role === 'user') work.aiMessages += 1;
        break;
      case 'integrity.focus_lost':
        next.focusLostCount += 1;
        work.focusLostAt = event.ts;
        break;
      case 'integrity.focus_gained':
        if (typeof event.data.awayMs === 'number') next.focusLostMs += event.data.awayMs;
        else if (work.focusLostAt !== null) next.focusLostMs += Math.max(0, event.ts - work.focusLostAt);
        work.focusLostAt = null;
        break;
      case 'integrity.paste':
        if (Number(event.data.chars ?? 0) >= LARGE_PASTE_CHARS) next.largePasteCount += 1;
        break;
      default:
        if (event.type.startsWith('file.')) {
          if (event.origin === 'assistant') work.assistantFileEvents += 1;
          else if (event.origin === 'candidate') work.candidateFileEvents += 1;
        }
    }
  }
  const fileEvents = work.assistantFileEvents + work.candidateFileEvents;
  next.aiDependency =
    fileEvents === 0 ? 0 : Math.round((work.assistantFileEvents / fileEvents) * 1000) / 1000;
  next.testFailureTrend = slope(work.failedRuns);
  next.struggling = work.failingStreak >= STRUGGLING_STREAK;
  return next;
}
