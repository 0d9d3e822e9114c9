/**
 * Scoring v1 (docs/SCORING.md): the four dimensions of PRODUCT.md §4 computed deterministically
 * from a session recording, each with its confidence and evidence that points at real events,
 * runs and lines; the weighted overall score; the recommendation. Pure: the same recording gives
 * the same evaluation, and text addressed to the grader is cut out before anything is measured.
 */
import { analyzeCode } from './code-analysis.ts';
import { withoutGraderInstructions } from './injection.ts';
import type { RecordedEvent, SessionRecording } from './recording.ts';

/** The version stored with every evaluation; change it whenever a rule or threshold changes. */
export const SCORING_VERSION = 'v1';

export type DimensionName = 'code_quality' | 'problem_solving' | 'ai_collaboration' | 'communication';

/** Default weights (an organization may re-weight; weights are stored with each evaluation). */
export const defaultWeights: Record<DimensionName, number> = {
  code_quality: 0.4,
  problem_solving: 0.25,
  ai_collaboration: 0.2,
  communication: 0.15,
};

/** Recommendation thresholds on the overall score, and when a person must look first. */
export const thresholds = {
  strongHire: 80,
  hire: 65,
  noHire: 45,
  /** Below this overall confidence the verdict is needs_review. */
  minConfidence: 0.55,
  /** Methods (deterministic vs LLM review) further apart than this, in points, need a review. */
  maxDisagreement: 20,
  /** A dimension above this score needs at least `evidenceForHighScore` pieces of evidence. */
  highScore: 80,
  evidenceForHighScore: 3,
} as const;

export type Recommendation = 'strong_hire' | 'hire' | 'no_hire' | 'strong_no_hire' | 'needs_review';

/** One piece of evidence: what it shows and where (event, run, file lines). */
export interface Evidence {
  kind: string;
  summary: string;
  eventSeq?: number;
  runId?: string;
  filePath?: string;
  lines?: [number, number];
  value?: number;
}

/** A scored dimension. */
export interface DimensionScore {
  name: DimensionName;
  score: number;
  weight: number;
  confidence: number;
  evidence: Evidence[];
}

/** The deterministic result (before an optional LLM review is merged in). */
export interface DeterministicScores {
  dimensions: DimensionScore[];
  /** Grader-addressed lines or sentences cut from code and chat, with where they were. */
  graderInstructions: Array<{ eventSeq?: number; filePath?: string; questionId?: string }>;
}

const round = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number, low = 0, high = 100) => Math.max(low, Math.min(high, value));
const mean = (values: number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function userMessages(recording: SessionRecording): Array<{ event: RecordedEvent; text: string }> {
  return recording.events
    .filter((event) => event.type === 'ai.message' && event.data.role === 'user')
    .map((event) => ({ event, text: String(event.data.text ?? '') }));
}

/** Caps a score above the high-score line when the evidence is too thin to back it. */
function backed(score: number, evidence: Evidence[]): number {
  return score > thresholds.highScore && evidence.length < thresholds.evidenceForHighScore
    ? thresholds.highScore
    : score;
}

function scoreCodeQuality(recording: SessionRecording, cleanFiles: Map<string, string>): DimensionScore {
  const evidence: Evidence[] = [];
  const correctness: number[] = [];
  const statics: number[] = [];
  for (const question of recording.questions) {
    correctness.push((question.score ?? 0) * 100);
    const hidden = recording.runs.find((run) => run.runId === question.hiddenRunId);
    if (hidden) {
      const failedTests = hidden.tests.filter((test) => !test.passed);
      evidence.push({
        kind: 'hidden_tests',
        summary:
          `"${question.title}": ${hidden.passed}/${hidden.total} hidden tests passed` +
          (failedTests.length > 0
            ? ` (failed: ${failedTests
                .slice(0, 3)
                .map((test) => test.testName)
                .join(', ')})`
            : ''),
        runId: hidden.runId,
        ...(hidden.eventSeq !== null ? { eventSeq: hidden.eventSeq } : {}),
        value: round((question.score ?? 0) * 100),
      });
    } else {
      evidence.push({
        kind: 'not_submitted',
        summary: `"${question.title}" was not submitted`,
        ...(question.submittedSeq !== null ? { eventSeq: question.submittedSeq } : {}),
        value: 0,
      });
    }
    const code = cleanFiles.get(`${question.questionId}:${question.mainFile}`);
    if (code !== undefined) {
      const starter = question.starterFiles.find((file) => file.path === question.mainFile)?.content;
      const analysis = analyzeCode(code, question.language, starter);
      statics.push(analysis.score);
      for (const finding of analysis.findings.slice(0, 4)) {
        evidence.push({
          kind: `code_${finding.kind}`,
          summary: finding.summary,
          filePath: question.mainFile,
          lines: finding.lines,
        });
      }
    }
  }
  const correctnessScore = mean(correctness);
  const staticScore = statics.length > 0 ? mean(statics) : correctnessScore;
  const score = 0.75 * correctnessScore + 0.25 * staticScore;
  const testsRun = recording.runs
    .filter((run) => run.kind === 'hidden')
    .reduce((sum, run) => sum + run.total, 0);
  const submitted = recording.questions.filter((question) => question.submittedAt !== null).length;
  const confidence =
    recording.questions.length === 0
      ? 0.2
      : 0.5 + 0.3 * (submitted / recording.questions.length) + (testsRun >= 5 ? 0.15 : 0.05);
  return {
    name: 'code_quality',
    score: round(backed(score, evidence)),
    weight: defaultWeights.code_quality,
    confidence: round(Math.min(0.95, confidence) * 100) / 100,
    evidence,
  };
}

function scoreProblemSolving(recording: SessionRecording): DimensionScore {
  const evidence: Evidence[] = [];
  const perQuestion: number[] = [];
  let runsSeen = 0;
  for (const question of recording.questions) {
    const runs = recording.runs
      .filter(
        (run) =>
          run.questionId === question.questionId && run.kind === 'visible' && run.origin === 'candidate',
      )
      .sort((a, b) => a.createdAt - b.createdAt);
    runsSeen += runs.length;
    let improvements = 0;
    let best = -1;
    for (const run of runs) {
      if (best >= 0 && run.passed > best) {
        improvements += 1;
        evidence.push({
          kind: 'progress',
          summary: `"${question.title}": visible tests passed went from ${best} to ${run.passed}/${run.total}`,
          runId: run.runId,
          ...(run.eventSeq !== null ? { eventSeq: run.eventSeq } : {}),
        });
      }
      best = Math.max(best, run.passed);
    }
    const firstRun = runs[0];
    if (firstRun && improvements === 0) {
      evidence.push({
        kind: 'tested',
        summary: `"${question.title}": ran the visible tests ${runs.length} time(s) before submitting`,
        runId: firstRun.runId,
        ...(firstRun.eventSeq !== null ? { eventSeq: firstRun.eventSeq } : {}),
      });
    }
    const outcome = (question.score ?? 0) * 100;
    const iteration = runs.length === 0 ? 30 : clamp(55 + 20 * improvements);
    const verified = runs.length > 0 ? 100 : 0;
    const spentMinutes =
      ((question.submittedAt ?? recording.completedAt ?? question.startedAt) - question.startedAt) / 60_000;
    const ratio = spentMinutes / Math.max(1, question.estimatedMinutes);
    const time = question.autoSubmitted ? 30 : ratio <= 1 ? 100 : clamp(100 - 30 * (ratio - 1), 40);
    perQuestion.push(0.45 * outcome + 0.25 * iteration + 0.15 * verified + 0.15 * time);
    if (question.submittedSeq !== null) {
      evidence.push({
        kind: question.autoSubmitted ? 'time_limit' : 'submitted',
        summary: `"${question.title}" ${question.autoSubmitted ? 'was submitted by the time limit' : `submitted after ${Math.round(spentMinutes)} min (estimate ${question.estimatedMinutes})`}`,
        eventSeq: question.submittedSeq,
      });
    }
  }
  const confidence =
    recording.questions.length === 0 ? 0.2 : runsSeen === 0 ? 0.5 : runsSeen >= 3 ? 0.85 : 0.7;
  const score = mean(perQuestion);
  return {
    name: 'problem_solving',
    score: round(backed(score, evidence)),
    weight: defaultWeights.problem_solving,
    confidence,
    evidence,
  };
}

/** How specific a prompt is: context (code, errors, files, tests) and a reasonable length. */
function promptSpecificity(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  let score = words < 4 ? 25 : words <= 150 ? 55 : 45;
  if (/`[^`]+`|\b[a-z_]+\([^)]*\)|\w+\.(py|js|ts)\b/i.test(text)) score += 15;
  if (/\b(error|exception|traceback|fails?|failing|expected|returns?|test)\b/i.test(text)) score += 15;
  if (/\b(why|how|what|should|could)\b/i.test(text) || text.includes('?')) score += 10;
  return clamp(score);
}

function scoreAiCollaboration(
  recording: SessionRecording,
  prompts: Array<{ event: RecordedEvent; text: string }>,
): DimensionScore {
  const evidence: Evidence[] = [];
  if (recording.aiPolicy === 'off') {
    return {
      name: 'ai_collaboration',
      score: 0,
      weight: 0,
      confidence: 1,
      evidence: [
        { kind: 'policy_off', summary: 'the AI assistant was turned off for this assessment: not scored' },
      ],
    };
  }
  const started = recording.events.find((event) => event.type === 'session.started');
  if (prompts.length === 0) {
    evidence.push({
      kind: 'no_ai_use',
      summary: `worked without the AI assistant (policy: ${recording.aiPolicy.replace('_', '-')})`,
      ...(started ? { eventSeq: started.seq } : {}),
    });
    return {
      name: 'ai_collaboration',
      score: 60,
      weight: defaultWeights.ai_collaboration,
      confidence: 0.4,
      evidence,
    };
  }
  const specificity = mean(prompts.map((prompt) => promptSpecificity(prompt.text)));
  for (const prompt of prompts.slice(0, 3)) {
    evidence.push({
      kind: 'prompt',
      summary: `asked: "${prompt.text.slice(0, 80)}${prompt.text.length > 80 ? '…' : ''}"`,
      eventSeq: prompt.event.seq,
      value: promptSpecificity(prompt.text),
    });
  }
  // Verification: after the assistant changed files, did a test run follow before submitting?
  const aiWrites = recording.events.filter(
    (event) => event.origin === 'assistant' && event.type.startsWith('file.'),
  );
  let verified = 0;
  for (const write of aiWrites) {
    const submitted = recording.events.find(
      (event) => event.type === 'question.submitted' && event.seq > write.seq,
    );
    const ran = recording.events.find(
      (event) =>
        event.type === 'run.visible' && event.seq > write.seq && (!submitted || event.seq < submitted.seq),
    );
    if (ran) verified += 1;
  }
  const verification = aiWrites.length === 0 ? 70 : (100 * verified) / aiWrites.length;
  const firstWrite = aiWrites[0];
  if (firstWrite) {
    evidence.push({
      kind: 'ai_output_verified',
      summary: `${verified} of ${aiWrites.length} AI file change(s) were followed by a test run before submitting`,
      eventSeq: firstWrite.seq,
      ...(firstWrite.filePath ? { filePath: firstWrite.filePath } : {}),
    });
  }
  // Reliance: final main files whose last writer was the assistant (unchanged AI code).
  let aiOwned = 0;
  for (const question of recording.questions) {
    const lastWrite = [...recording.events]
      .reverse()
      .find(
        (event) =>
          event.questionId === question.questionId &&
          event.filePath === question.mainFile &&
          event.type.startsWith('file.'),
      );
    if (lastWrite?.origin === 'assistant') aiOwned += 1;
  }
  const aiShare = recording.questions.length === 0 ? 0 : aiOwned / recording.questions.length;
  if (aiOwned > 0) {
    evidence.push({
      kind: 'ai_authored',
      summary: `${aiOwned} of ${recording.questions.length} submitted solution(s) were last written by the AI, unchanged`,
    });
  }
  const reliance = 100 - 60 * aiShare;
  const score = 0.4 * specificity + 0.35 * verification + 0.25 * reliance;
  const confidence = Math.min(0.9, 0.5 + 0.08 * prompts.length);
  return {
    name: 'ai_collaboration',
    score: round(backed(score, evidence)),
    weight: defaultWeights.ai_collaboration,
    confidence: round(confidence * 100) / 100,
    evidence,
  };
}

function scoreCommunication(
  recording: SessionRecording,
  prompts: Array<{ event: RecordedEvent; text: string }>,
  cleanFiles: Map<string, string>,
): DimensionScore {
  const evidence: Evidence[] = [];
  const codeScores: number[] = [];
  for (const question of recording.questions) {
    const code = cleanFiles.get(`${question.questionId}:${question.mainFile}`);
    if (code === undefined) continue;
    const starter = question.starterFiles.find((file) => file.path === question.mainFile)?.content;
    const analysis = analyzeCode(code, question.language, starter);
    if (analysis.codeLines === 0) {
      codeScores.push(0);
      evidence.push({
        kind: 'no_code',
        summary: `${question.mainFile} holds no code of the candidate's own for "${question.title}"`,
        filePath: question.mainFile,
        lines: [1, Math.max(1, code.split('\n').length)],
      });
      continue;
    }
    const naming = 100 * (1 - analysis.shortNameShare);
    const documented =
      analysis.commentLines > 0 || analysis.findings.some((finding) => finding.kind === 'documented');
    codeScores.push(0.7 * naming + (documented ? 30 : 10));
    const namingFinding = analysis.findings.find(
      (finding) => finding.kind === 'short_names' || finding.kind === 'documented',
    );
    evidence.push({
      kind: namingFinding?.kind === 'short_names' ? 'naming' : 'code_clarity',
      summary: namingFinding?.summary ?? `names in ${question.mainFile} are descriptive`,
      filePath: question.mainFile,
      lines: namingFinding?.lines ?? [1, Math.max(1, code.split('\n').length)],
    });
  }
  const promptScores = prompts.map(({ text }) => {
    const words = text.split(/\s+/).filter(Boolean).length;
    const sentences = text.split(/[.!?]+\s/).length;
    return clamp(
      (words >= 5 ? 60 : 30) + (words <= 120 ? 20 : 0) + (sentences >= 1 && /[a-z]/.test(text) ? 20 : 0),
    );
  });
  const firstPrompt = prompts[0];
  if (firstPrompt)
    evidence.push({
      kind: 'prompt_clarity',
      summary: `${prompts.length} message(s) to the assistant`,
      eventSeq: firstPrompt.event.seq,
    });
  const code = codeScores.length > 0 ? mean(codeScores) : 0;
  const score = promptScores.length > 0 ? 0.6 * code + 0.4 * mean(promptScores) : code;
  const confidence = codeScores.length === 0 ? 0.3 : promptScores.length > 0 ? 0.75 : 0.6;
  return {
    name: 'communication',
    score: round(backed(score, evidence)),
    weight: defaultWeights.communication,
    confidence,
    evidence,
  };
}

/** The four dimensions, deterministically, with grader-addressed text removed first. */
export function scoreDeterministically(recording: SessionRecording): DeterministicScores {
  const graderInstructions: DeterministicScores['graderInstructions'] = [];
  const cleanFiles = new Map<string, string>();
  for (const question of recording.questions) {
    for (const file of question.finalFiles) {
      const cleaned = withoutGraderInstructions(file.content, 'code');
      if (cleaned.removed > 0)
        graderInstructions.push({ filePath: file.path, questionId: question.questionId });
      cleanFiles.set(`${question.questionId}:${file.path}`, cleaned.text);
    }
  }
  const prompts = userMessages(recording).flatMap((prompt) => {
    const cleaned = withoutGraderInstructions(prompt.text, 'prose');
    if (cleaned.removed > 0) graderInstructions.push({ eventSeq: prompt.event.seq });
    return cleaned.text.length > 0 ? [{ event: prompt.event, text: cleaned.text }] : [];
  });
  return {
    dimensions: [
      scoreCodeQuality(recording, cleanFiles),
      scoreProblemSolving(recording),
      scoreAiCollaboration(recording, prompts),
      scoreCommunication(recording, prompts, cleanFiles),
    ],
    graderInstructions,
  };
}

/** Weighted overall score and confidence; dimensions with weight 0 (not scored) are left out. */
export function overallOf(dimensions: readonly DimensionScore[]): { overall: number; confidence: number } {
  const totalWeight = dimensions.reduce((sum, dimension) => sum + dimension.weight, 0);
  if (totalWeight === 0) return { overall: 0, confidence: 0 };
  const overall =
    dimensions.reduce((sum, dimension) => sum + dimension.score * dimension.weight, 0) / totalWeight;
  const confidence =
    dimensions.reduce((sum, dimension) => sum + dimension.confidence * dimension.weight, 0) / totalWeight;
  return { overall: round(overall), confidence: Math.round(confidence * 100) / 100 };
}

/** The verdict from the overall score, with needs_review when confidence is low or methods disagree. */
export function recommend(
  overall: number,
  confidence: number,
  maxDisagreement: number,
): {
  recommendation: Recommendation;
  unreviewed: Exclude<Recommendation, 'needs_review'>;
  reasons: string[];
} {
  const unreviewed =
    overall >= thresholds.strongHire
      ? 'strong_hire'
      : overall >= thresholds.hire
        ? 'hire'
        : overall >= thresholds.noHire
          ? 'no_hire'
          : 'strong_no_hire';
  const reasons = [
    `overall ${overall} → ${unreviewed.replaceAll('_', ' ')} (thresholds ${thresholds.strongHire}/${thresholds.hire}/${thresholds.noHire})`,
  ];
  if (confidence < thresholds.minConfidence) {
    reasons.push(`confidence ${confidence} is below ${thresholds.minConfidence}: a person should review`);
    return { recommendation: 'needs_review', unreviewed, reasons };
  }
  if (maxDisagreement > thresholds.maxDisagreement) {
    reasons.push(`scoring methods disagree by ${Math.round(maxDisagreement)} points: a person should review`);
    return { recommendation: 'needs_review', unreviewed, reasons };
  }
  return { recommendation: unreviewed, unreviewed, reasons };
}
