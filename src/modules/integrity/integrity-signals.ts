/**
 * Integrity signals of one session (PRODUCT.md §7) from its recorded events and from how its final
 * code compares with other candidates of the same questions, and the risk level they add up to.
 * Every signal says why it was raised and points at the event (or the other session) behind it; the
 * result is information for the person reading the report, never an automatic rejection. Pure.
 */
import { similarity, withoutFingerprints } from './winnowing.ts';

/**
 * Every threshold the rules below use, in one place so the report and docs can quote them. Changing
 * one changes stored reports' meaning: bump the evaluation's scoring version when you do.
 */
export const integrityThresholds = {
  /** A paste of at least this many characters is "large" (a function body, not a variable name). */
  largePasteChars: 200,
  /** This many large pastes in one session make each of them a medium signal (one alone is low). */
  repeatedLargePastes: 2,
  /** Leaving the window this many times raises a (low) focus signal even when the time away is short. */
  focusLossCount: 3,
  /** ...as does this much time away in total (1 minute). */
  focusAwayLowMs: 60_000,
  /** More than this much time away in total (5 minutes) is a medium signal. */
  focusAwayMediumMs: 300_000,
  /** Leaving the window this many times is a medium signal whatever the time away. */
  focusLossCountMedium: 10,
  /**
   * A candidate's single file change that adds at least this many characters (net of what it
   * replaced) with no paste near it: code that appeared without being typed or pasted. The workspace
   * saves after short pauses, so typing produces many small changes; one this large is unusual.
   */
  unexplainedInsertChars: 300,
  /** How far (either side, ms) a paste may be from a file change and still explain it (client and save latency). */
  pasteMatchWindowMs: 30_000,
  /** A paste explains a change when it is at least this share of the inserted characters. */
  pasteExplainsShare: 0.5,
  /** This many unexplained large insertions make each of them a medium signal (one alone is low). */
  repeatedUnexplainedInserts: 2,
  /** Final-code similarity (Jaccard of winnowing fingerprints) from which a low signal is raised. */
  similarityLow: 0.5,
  /** ...a medium one. */
  similarityMedium: 0.7,
  /** ...a high one. */
  similarityHigh: 0.9,
  /**
   * Below this many fingerprints of its own (starter code removed) a solution is too short to
   * compare: independent short answers to an easy question coincide after identifiers are erased.
   */
  minDistinctFingerprints: 8,
  /** Medium signals of this many different kinds add up to a high risk. */
  mediumKindsForHigh: 3,
  /** At most this many per-event signals of one kind are listed; their summaries carry the totals. */
  maxSignalsPerKind: 10,
} as const;

/** Severity of one signal (same shape as the stored IntegritySignal). */
export type IntegritySeverity = 'low' | 'medium' | 'high';

/** Risk level of a session (same shape as the stored IntegrityReport). */
export type IntegrityRiskLevel = 'none' | 'low' | 'medium' | 'high';

/** One integrity signal with the reason it was raised. */
export interface IntegritySignal {
  kind: string;
  severity: IntegritySeverity;
  summary: string;
  eventSeq?: number;
  value?: number;
  relatedSessionId?: string;
}

/** A risk level with its reasons. */
export interface IntegrityReport {
  riskLevel: IntegrityRiskLevel;
  signals: IntegritySignal[];
}

/** A timeline event as stored (only integrity.*, file.changed, file.created and question.* are read). */
export interface IntegrityEvent {
  seq: number;
  /** Epoch milliseconds. */
  ts: number;
  type: string;
  origin: 'candidate' | 'assistant' | 'system';
  questionId: string | null;
  filePath: string | null;
  data: Record<string, unknown>;
}

/** The closest other session's final code for one question. */
export interface SimilarityMatch {
  sessionId: string;
  /** Jaccard similarity of the fingerprint sets, starter code removed (0..1). */
  similarity: number;
  /** Same normalized hash: identical up to identifiers, comments, strings and layout. */
  identical: boolean;
}

/** How one question's final code compares with the other candidates of that question. */
export interface QuestionSimilarity {
  questionId: string;
  /** Shown in the summary; the id is used when missing. */
  title?: string | undefined;
  match: SimilarityMatch | null;
}

/** Everything the rules read. */
export interface IntegrityInput {
  events: readonly IntegrityEvent[];
  /** The assessment's flag: when off, the browser recorded no pastes or focus changes, so those rules are skipped. */
  integrityMonitoring: boolean;
  similarities: readonly QuestionSimilarity[];
}

/** A stored fingerprint set of another session's final code. */
export interface FingerprintRecord {
  sessionId: string;
  fingerprints: readonly number[];
  normalizedHash: string;
}

const SEVERITY_RANK: Record<IntegritySeverity, number> = { high: 3, medium: 2, low: 1 };

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** "6 min 0 s", "42 s": time away as a reader wants it. */
function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Large pastes: one signal per paste (the first maxSignalsPerKind), low alone, medium when repeated. */
function pasteSignals(events: readonly IntegrityEvent[]): IntegritySignal[] {
  const t = integrityThresholds;
  const large = events.filter(
    (event) => event.type === 'integrity.paste' && (numberOf(event.data.chars) ?? 0) >= t.largePasteChars,
  );
  if (large.length === 0) return [];
  const total = large.reduce((sum, event) => sum + (numberOf(event.data.chars) ?? 0), 0);
  const severity: IntegritySeverity = large.length >= t.repeatedLargePastes ? 'medium' : 'low';
  return large.slice(0, t.maxSignalsPerKind).map((event, index) => {
    const chars = numberOf(event.data.chars) ?? 0;
    return {
      kind: 'large_paste',
      severity,
      summary:
        `Pasted ${chars} characters (large paste ${index + 1} of ${large.length}, ` +
        `${total} characters pasted in large pastes in total; large means ≥ ${t.largePasteChars})`,
      eventSeq: event.seq,
      value: chars,
    };
  });
}

/**
 * Focus: focus_lost and focus_gained are paired in seq order. The time away is the client's
 * `awayMs` when it sent one (it measured the absence itself), otherwise the difference of the two
 * timestamps; a loss never followed by a gain lasts until the last recorded event.
 */
function focusSignals(events: readonly IntegrityEvent[]): IntegritySignal[] {
  const t = integrityThresholds;
  let count = 0;
  let totalMs = 0;
  let lost: IntegrityEvent | null = null;
  const longest = { seq: 0, ms: -1 };
  const close = (from: IntegrityEvent, ms: number) => {
    const away = Math.max(0, ms);
    totalMs += away;
    if (away > longest.ms) {
      longest.seq = from.seq;
      longest.ms = away;
    }
  };
  for (const event of events) {
    if (event.type === 'integrity.focus_lost') {
      // A second loss before a gain is the same absence (a client may repeat itself).
      if (lost) continue;
      lost = event;
      count += 1;
    } else if (event.type === 'integrity.focus_gained') {
      const reported = numberOf(event.data.awayMs);
      if (lost) close(lost, reported ?? event.ts - lost.ts);
      else if (reported !== undefined) {
        // A gain with no recorded loss (the loss event never arrived) still reports a real absence.
        count += 1;
        close(event, reported);
      }
      lost = null;
    }
  }
  const last = events[events.length - 1];
  if (lost && last) close(lost, last.ts - lost.ts);
  if (count === 0) return [];
  const medium = totalMs > t.focusAwayMediumMs || count >= t.focusLossCountMedium;
  const low = count >= t.focusLossCount || totalMs >= t.focusAwayLowMs;
  if (!medium && !low) return [];
  return [
    {
      kind: 'focus_lost',
      severity: medium ? 'medium' : 'low',
      summary:
        `Left the interview window ${plural(count, 'time')}, ${formatDuration(totalMs)} away in total ` +
        `(longest ${formatDuration(longest.ms)})`,
      eventSeq: longest.seq,
      value: totalMs,
    },
  ];
}

/**
 * Typing cadence: a candidate's file change (or new file) adding at least unexplainedInsertChars
 * net characters with no paste of comparable size within pasteMatchWindowMs. A change that only
 * restores at most what an earlier change of the same file removed (an undo) is not counted.
 */
function cadenceSignals(events: readonly IntegrityEvent[]): IntegritySignal[] {
  const t = integrityThresholds;
  const pastes = events.filter((event) => event.type === 'integrity.paste');
  const largestRemoval = new Map<string, number>();
  const found: Array<{ event: IntegrityEvent; chars: number }> = [];
  for (const event of events) {
    let inserted = 0;
    let removed = 0;
    if (event.type === 'file.changed') {
      const splice = event.data.splice as { insert?: unknown; deleteCount?: unknown } | undefined;
      if (!splice || typeof splice.insert !== 'string') continue;
      inserted = splice.insert.length;
      removed = numberOf(splice.deleteCount) ?? 0;
    } else if (event.type === 'file.created') {
      inserted = typeof event.data.content === 'string' ? event.data.content.length : 0;
    } else {
      continue;
    }
    const key = `${event.questionId ?? ''}\u0000${event.filePath ?? ''}`;
    const net = inserted - removed;
    if (net < 0) largestRemoval.set(key, Math.max(largestRemoval.get(key) ?? 0, -net));
    // The assistant writing code is allowed by the policy and judged in AI collaboration, not here.
    if (event.origin !== 'candidate' || net < t.unexplainedInsertChars) continue;
    if (net <= (largestRemoval.get(key) ?? 0)) continue;
    const explained = pastes.some((paste) => {
      const chars = numberOf(paste.data.chars);
      return (
        Math.abs(paste.ts - event.ts) <= t.pasteMatchWindowMs &&
        (chars === undefined || chars >= net * t.pasteExplainsShare)
      );
    });
    if (!explained) found.push({ event, chars: net });
  }
  if (found.length === 0) return [];
  const severity: IntegritySeverity = found.length >= t.repeatedUnexplainedInserts ? 'medium' : 'low';
  return found.slice(0, t.maxSignalsPerKind).map(({ event, chars }, index) => ({
    kind: 'code_without_typing',
    severity,
    summary:
      `${chars} characters appeared in ${event.filePath ?? 'a file'} in one change with no paste recorded ` +
      `within ${t.pasteMatchWindowMs / 1000} s (${index + 1} of ${found.length}; typing is saved in small steps)`,
    eventSeq: event.seq,
    value: chars,
  }));
}

/** Similarity to another candidate's final code, one signal per question at most. */
function similaritySignals(
  events: readonly IntegrityEvent[],
  similarities: readonly QuestionSimilarity[],
): IntegritySignal[] {
  const t = integrityThresholds;
  const signals: IntegritySignal[] = [];
  for (const { questionId, title, match } of similarities) {
    if (!match) continue;
    const submitted = events.findLast(
      (event) => event.type === 'question.submitted' && event.questionId === questionId,
    );
    const evidence = submitted ? { eventSeq: submitted.seq } : {};
    const name = title ? `"${title}"` : `question ${questionId}`;
    if (match.identical) {
      signals.push({
        kind: 'identical_submission',
        severity: 'high',
        summary: `Final code for ${name} is identical to another candidate's (session ${match.sessionId}) once identifiers, comments, strings and layout are ignored`,
        ...evidence,
        value: 1,
        relatedSessionId: match.sessionId,
      });
      continue;
    }
    if (match.similarity < t.similarityLow) continue;
    const severity: IntegritySeverity =
      match.similarity >= t.similarityHigh
        ? 'high'
        : match.similarity >= t.similarityMedium
          ? 'medium'
          : 'low';
    signals.push({
      kind: 'code_similarity',
      severity,
      summary: `Final code for ${name} is ${Math.round(match.similarity * 100)}% similar to another candidate's (session ${match.sessionId}; winnowing fingerprints, identifiers and comments ignored)`,
      ...evidence,
      value: Math.round(match.similarity * 1000) / 1000,
      relatedSessionId: match.sessionId,
    });
  }
  return signals;
}

/**
 * The signals of a session, most severe first. Pastes, focus and typing cadence need the browser
 * monitoring (without it no paste is recorded, so every large change would look unexplained) and
 * are skipped when it was off; similarity needs only the final code and is always computed.
 */
export function computeIntegritySignals(input: IntegrityInput): IntegritySignal[] {
  const events = [...input.events].sort((a, b) => a.seq - b.seq);
  const signals = [
    ...similaritySignals(events, input.similarities),
    ...(input.integrityMonitoring
      ? [...pasteSignals(events), ...focusSignals(events), ...cadenceSignals(events)]
      : []),
  ];
  return signals
    .map((signal, index) => ({ signal, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.signal.severity] - SEVERITY_RANK[a.signal.severity] ||
        (a.signal.eventSeq ?? Number.MAX_SAFE_INTEGER) - (b.signal.eventSeq ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map(({ signal }) => signal);
}

/**
 * Risk from signals: high when any signal is high (identical submission, similarity ≥ 0.9) or
 * medium signals of mediumKindsForHigh different kinds agree; medium when any is medium; low when
 * anything was raised; none otherwise. Kinds, not counts, so ten pastes are not three reasons.
 */
export function deriveRiskLevel(signals: readonly IntegritySignal[]): IntegrityRiskLevel {
  if (signals.some((signal) => signal.severity === 'high')) return 'high';
  const mediumKinds = new Set(signals.filter((signal) => signal.severity === 'medium').map((s) => s.kind));
  if (mediumKinds.size >= integrityThresholds.mediumKindsForHigh) return 'high';
  if (mediumKinds.size > 0) return 'medium';
  return signals.length > 0 ? 'low' : 'none';
}

/** The integrity report of a session: its signals and the risk level they add up to. */
export function assessIntegrity(input: IntegrityInput): IntegrityReport {
  const signals = computeIntegritySignals(input);
  return { riskLevel: deriveRiskLevel(signals), signals };
}

// Identical beats similar, more similar beats less, and the smaller session id breaks a tie.
const outranks = (a: SimilarityMatch, b: SimilarityMatch): boolean =>
  a.identical !== b.identical
    ? a.identical
    : a.similarity !== b.similarity
      ? a.similarity > b.similarity
      : a.sessionId < b.sessionId;

/**
 * The other session whose final code is closest to `own` (identical first, then most similar; ties
 * by session id so a re-run picks the same one), comparing fingerprints without the starter code's,
 * which every candidate of the question shares. Null when either side is too short to compare or
 * there is no other session.
 */
export function findBestMatch(
  own: { fingerprints: readonly number[]; normalizedHash: string },
  others: readonly FingerprintRecord[],
  starter: { fingerprints: readonly number[]; normalizedHashes: readonly string[] },
): SimilarityMatch | null {
  const min = integrityThresholds.minDistinctFingerprints;
  const mine = withoutFingerprints(own.fingerprints, starter.fingerprints);
  // An untouched starter file is "identical" for every candidate who wrote nothing.
  if (mine.length < min || starter.normalizedHashes.includes(own.normalizedHash)) return null;
  let best: SimilarityMatch | null = null;
  for (const other of others) {
    const theirs = withoutFingerprints(other.fingerprints, starter.fingerprints);
    if (theirs.length < min) continue;
    const identical = other.normalizedHash === own.normalizedHash;
    const candidate: SimilarityMatch = {
      sessionId: other.sessionId,
      similarity: identical ? 1 : similarity(mine, theirs),
      identical,
    };
    if (!best || outranks(candidate, best)) best = candidate;
  }
  return best;
}
