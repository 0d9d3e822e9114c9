/**
 * A candidate report as one self-contained HTML document: inline CSS, no scripts, no external
 * assets, so it can be saved, mailed or printed as is. Every interpolated value goes through
 * `escapeHtml` — names, summaries, test names and error messages are candidate-controlled. Pure.
 */
import type { RenderableReport, ReportEvaluation, ReportQuestion } from './report.schema.ts';
import {
  abilityText,
  aiPolicyLabel,
  barWidth,
  evidenceReference,
  formatDuration,
  formatMs,
  formatNumber,
  formatPercent,
  formatScore,
  formatTime,
  labelOf,
  recommendationLabel,
  statusLabel,
  truncate,
} from './report-format.ts';

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/** Tagged template: every `${value}` is escaped, unless it is markup built by `html` itself. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

function render(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;margin:0;background:#f5f7fa;line-height:1.45}
main{max-width:960px;margin:0 auto;padding:32px 24px;background:#fff}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #e4e7eb;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
.muted{color:#616e7c}
.summary{display:flex;gap:16px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #e4e7eb;border-radius:8px;padding:12px 16px;min-width:160px}
.card .value{font-size:28px;font-weight:700}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;font-size:14px;background:#e4e7eb}
.rec-strong_hire,.rec-hire{background:#d1fae5;color:#065f46}
.rec-no_hire,.rec-strong_no_hire{background:#fee2e2;color:#991b1b}
.rec-needs_review{background:#fef3c7;color:#92400e}
.risk-high{background:#fee2e2;color:#991b1b}.risk-medium{background:#fef3c7;color:#92400e}
.risk-low,.risk-none{background:#d1fae5;color:#065f46}
.dimension{margin:14px 0 18px}
.dimension-head{display:flex;justify-content:space-between;gap:12px}
.bar{height:12px;background:#e4e7eb;border-radius:6px;overflow:hidden;margin:4px 0 6px}
.bar span{display:block;height:100%;background:#3b82f6}
ul.evidence{margin:4px 0;padding-left:20px}
ul.evidence li{margin:2px 0}
.kind{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:#f0f4f8;padding:1px 5px;border-radius:4px}
.ref{color:#616e7c;font-size:13px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
th,td{text-align:left;border-bottom:1px solid #e4e7eb;padding:5px 8px;vertical-align:top}
th{background:#f5f7fa}
.pass{color:#047857;font-weight:600}.fail{color:#b91c1c;font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;margin:0;font-size:12px}
footer{margin-top:32px;font-size:12px}
@media print{body{background:#fff}main{padding:0}}
`;

function evaluationSection(evaluation: ReportEvaluation): Markup {
  return html`
<h2>Dimensions</h2>
${evaluation.dimensions.map(
  (dimension) => html`
<section class="dimension">
  <div class="dimension-head">
    <strong>${labelOf(dimension.name)}</strong>
    <span><strong>${formatScore(dimension.score)}</strong>/100 <span class="muted">· weight ${formatPercent(dimension.weight)} · confidence ${formatPercent(dimension.confidence)}</span></span>
  </div>
  <div class="bar" role="img" aria-label="${formatScore(dimension.score)} out of 100"><span style="width:${barWidth(dimension.score)}%"></span></div>
  ${
    dimension.evidence.length > 0
      ? html`<ul class="evidence">${dimension.evidence.map((item) => {
          const reference = evidenceReference(item);
          return html`<li><span class="kind">${item.kind}</span> ${item.summary}${reference ? html` <span class="ref">(${reference})</span>` : ''}</li>`;
        })}</ul>`
      : html`<p class="muted">No evidence recorded.</p>`
  }
</section>`,
)}
<h2>Ability and integrity</h2>
<p>Ability estimate (IRT): <strong>${evaluation.ability ? abilityText(evaluation.ability) : 'not estimated'}</strong></p>
${
  evaluation.integrity
    ? html`<p>Integrity risk: <span class="badge risk-${evaluation.integrity.riskLevel}">${labelOf(evaluation.integrity.riskLevel)}</span> <span class="muted">(a signal for review, never an automatic rejection)</span></p>
${
  evaluation.integrity.signals.length > 0
    ? html`<ul class="evidence">${evaluation.integrity.signals.map(
        (signal) =>
          html`<li><span class="kind">${signal.severity}</span> <strong>${labelOf(signal.kind)}</strong>: ${signal.summary}${signal.eventSeq !== undefined ? html` <span class="ref">(event #${signal.eventSeq})</span>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">No integrity signals.</p>`
}`
    : html`<p class="muted">No integrity data.</p>`
}
${
  evaluation.details?.summary || evaluation.details?.recommendationReasons?.length
    ? html`<h2>Why this recommendation</h2>
${evaluation.details.summary ? html`<p>${evaluation.details.summary}</p>` : ''}
${
  evaluation.details.recommendationReasons?.length
    ? html`<ul>${evaluation.details.recommendationReasons.map((reason) => html`<li>${reason}</li>`)}</ul>`
    : ''
}
${
  evaluation.details.unreviewedRecommendation
    ? html`<p class="muted">Scores alone would say: ${recommendationLabel(evaluation.details.unreviewedRecommendation)}</p>`
    : ''
}`
    : ''
}`;
}

function questionRows(question: ReportQuestion): Markup {
  const run = question.hiddenRun;
  return html`
<tr>
  <td>${question.position + 1}</td>
  <td>${question.title}</td>
  <td>${question.difficulty}</td>
  <td>${question.score === null ? '–' : formatPercent(question.score)}</td>
  <td>${run ? `${run.passed}/${run.total}` : '–'}${run && run.status !== 'ok' ? html` <span class="fail">${run.status}</span>` : ''}</td>
  <td>${question.submittedAt ? (question.autoSubmitted ? 'auto (time limit)' : 'yes') : 'no'}</td>
</tr>
${
  run && run.tests.length > 0
    ? html`<tr><td></td><td colspan="5">
<table>
  <thead><tr><th>Test</th><th>Result</th><th>Duration</th><th>Error</th></tr></thead>
  <tbody>${run.tests.map(
    (test) =>
      html`<tr><td>${test.testName}${test.hidden ? html` <span class="muted">(hidden)</span>` : ''}</td><td class="${test.passed ? 'pass' : 'fail'}">${test.passed ? 'passed' : 'failed'}</td><td>${formatMs(test.durationMs)}</td><td>${test.error ? html`<pre>${truncate(test.error, 500)}</pre>` : ''}</td></tr>`,
  )}</tbody>
</table></td></tr>`
    : ''
}`;
}

/** The report as a complete HTML document. */
export function renderReportHtml(report: RenderableReport): string {
  const { candidate, assessment, session, evaluation } = report;
  const document = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>Report: ${candidate.name} – ${assessment.title}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<main>
<header>
  <h1>${candidate.name}</h1>
  ${candidate.email ? html`<div class="muted">${candidate.email}</div>` : ''}
  <div>${assessment.title} · ${labelOf(assessment.role)} · ${labelOf(assessment.seniority)} · AI assistant: ${aiPolicyLabel(assessment.aiPolicy)}</div>
  <div class="muted">Pipeline status: ${candidate.status} · Report status: ${statusLabel(report.status)}</div>
</header>
${
  evaluation
    ? html`
<div class="summary">
  <div class="card"><div class="muted">Overall score</div><div class="value">${formatScore(evaluation.overall)}<span class="muted">/100</span></div></div>
  <div class="card"><div class="muted">Recommendation</div><div class="value"><span class="badge rec-${evaluation.recommendation}">${recommendationLabel(evaluation.recommendation)}</span></div></div>
  <div class="card"><div class="muted">Confidence</div><div class="value">${formatPercent(evaluation.confidence)}</div></div>
</div>
${evaluationSection(evaluation)}`
    : html`<div class="summary"><div class="card"><div class="muted">${statusLabel(report.status)}</div><div>${report.statusMessage}</div></div></div>`
}
<h2>Interview</h2>
${
  session
    ? html`<p>Started ${formatTime(session.startedAt)} · ${session.completedAt ? html`completed ${formatTime(session.completedAt)}` : session.status} · duration ${formatDuration(session.durationSeconds)} of ${assessment.durationMinutes} min · language ${session.language}</p>
<table>
  <thead><tr><th>#</th><th>Question</th><th>Level</th><th>Score</th><th>Hidden tests</th><th>Submitted</th></tr></thead>
  <tbody>${session.questions.map(questionRows)}</tbody>
</table>`
    : html`<p class="muted">The interview has not started.</p>`
}
<h2>Pipeline history</h2>
<table>
  <thead><tr><th>When</th><th>Move</th><th>By</th><th>Reason</th></tr></thead>
  <tbody>${candidate.history.map(
    (entry) =>
      html`<tr><td>${formatTime(entry.at)}</td><td>${entry.from ? `${entry.from} → ` : ''}${entry.to}</td><td>${entry.actor.name ?? entry.actor.kind}</td><td>${entry.reason ?? ''}</td></tr>`,
  )}</tbody>
</table>
<footer class="muted">
  ${
    evaluation
      ? html`Scoring ${evaluation.scoringVersion} · evaluated ${formatTime(evaluation.completedAt)}${
          evaluation.llm
            ? html` · LLM ${evaluation.llm.provider}/${evaluation.llm.model}, ${evaluation.llm.tokens} tokens, $${formatNumber(evaluation.llm.costUsd, 4)}`
            : ''
        } · `
      : ''
  }Generated ${formatTime(report.generatedAt)} by InterviewLM
</footer>
</main>
</body>
</html>
`;
  return document.text;
}
