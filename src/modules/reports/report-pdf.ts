/**
 * A candidate report as a PDF (A4, standard Helvetica, no embedded font files): the same content as
 * the HTML report, with long lines wrapped and as many pages as needed. The standard fonts only
 * know WinAnsi, so every string goes through `toWinAnsi` first (θ is spelled "theta", arrows become
 * "->", anything else unknown becomes "?"). Pure: bytes in memory, no I/O.
 */
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
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

/** Replacements for common characters outside WinAnsi, before the "?" fallback. */
const replacements: Record<string, string> = {
  θ: 'theta',
  Θ: 'Theta',
  '→': '->',
  '←': '<-',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u200b': '',
  '\ufeff': '',
};

/**
 * Keeps only characters `font` can draw: known replacements first, tabs become spaces, line
 * breaks stay, other control characters (\r included) vanish, and anything else unsupported becomes "?".
 */
export function toWinAnsi(text: string, supported: ReadonlySet<number>): string {
  let out = '';
  for (const char of text) {
    const replacement = replacements[char];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (char === '\t') out += '    ';
    // Line breaks stay: the caller splits paragraphs on them.
    else if (char === '\n') out += char;
    else if (code < 0x20 || code === 0x7f) continue;
    else out += supported.has(code) ? char : '?';
  }
  return out;
}

const PAGE: [number, number] = PageSizes.A4;
const MARGIN = 50;
const FOOTER = 30;
const TEXT = rgb(0.12, 0.16, 0.2);
const MUTED = rgb(0.38, 0.43, 0.49);
const PASS = rgb(0.02, 0.47, 0.34);
const FAIL = rgb(0.73, 0.11, 0.11);
const BAR_BACK = rgb(0.89, 0.91, 0.92);
const BAR_FILL = rgb(0.23, 0.51, 0.96);
const RULE = rgb(0.85, 0.87, 0.89);

interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: ReturnType<typeof rgb>;
  indent?: number;
  /** Extra space after the paragraph. */
  after?: number;
}

/** Writes flowing text top to bottom, starting a new page when the current one is full. */
class PageWriter {
  private page: PDFPage;
  private y: number;
  private readonly supported: ReadonlySet<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.supported = new Set(regular.getCharacterSet());
    this.page = doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  get width(): number {
    return PAGE[0] - 2 * MARGIN;
  }

  /** Starts a new page when less than `height` points are left. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER) {
      this.page = this.doc.addPage(PAGE);
      this.y = PAGE[1] - MARGIN;
    }
  }

  space(points: number): void {
    this.y -= points;
  }

  /** A paragraph: sanitized, split on newlines, wrapped to the width left after `indent`. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = style.bold ? this.bold : this.regular;
    const indent = style.indent ?? 0;
    const lineHeight = size * 1.35;
    const clean = toWinAnsi(text, this.supported);
    for (const paragraph of clean.split('\n')) {
      for (const line of wrap(paragraph, font, size, this.width - indent)) {
        this.ensure(lineHeight);
        this.y -= lineHeight;
        this.page.drawText(line, {
          x: MARGIN + indent,
          y: this.y + (lineHeight - size) / 2,
          size,
          font,
          color: style.color ?? TEXT,
        });
      }
    }
    this.y -= style.after ?? 0;
  }

  heading(text: string): void {
    this.ensure(50);
    this.space(10);
    this.text(text, { size: 14, bold: true });
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 2 },
      end: { x: MARGIN + this.width, y: this.y - 2 },
      thickness: 0.7,
      color: RULE,
    });
    this.space(8);
  }

  /** A 0–100 bar across the page width. */
  bar(score: number): void {
    const height = 8;
    this.ensure(height + 6);
    this.y -= height + 3;
    this.page.drawRectangle({ x: MARGIN, y: this.y, width: this.width, height, color: BAR_BACK });
    const filled = (this.width * barWidth(score)) / 100;
    if (filled > 0) {
      this.page.drawRectangle({ x: MARGIN, y: this.y, width: filled, height, color: BAR_FILL });
    }
    this.y -= 3;
  }

  /** Page numbers and a title on every page, once the content is complete. */
  footers(title: string): void {
    const pages = this.doc.getPages();
    const label = toWinAnsi(title, this.supported);
    pages.forEach((page, index) => {
      const size = 8;
      const number = `Page ${index + 1} of ${pages.length}`;
      const short = wrap(label, this.regular, size, this.width - 80)[0] ?? '';
      page.drawText(short, { x: MARGIN, y: MARGIN - 10, size, font: this.regular, color: MUTED });
      page.drawText(number, {
        x: PAGE[0] - MARGIN - this.regular.widthOfTextAtSize(number, size),
        y: MARGIN - 10,
        size,
        font: this.regular,
        color: MUTED,
      });
    });
  }
}

/** Splits `text` into lines no wider than `width`; a word wider than a line is cut by characters. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (rest && !fits(rest)) {
      // The longest prefix that fits (binary search: a pasted blob can be thousands of characters).
      let low = 1;
      let high = rest.length - 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fits(rest.slice(0, middle))) low = middle;
        else high = middle - 1;
      }
      lines.push(rest.slice(0, low));
      rest = rest.slice(low);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}

function writeEvaluation(out: PageWriter, evaluation: ReportEvaluation): void {
  out.text(`Overall score: ${formatScore(evaluation.overall)}/100`, { size: 16, bold: true });
  out.text(`Recommendation: ${recommendationLabel(evaluation.recommendation)}`, { size: 12, bold: true });
  out.text(`Confidence: ${formatPercent(evaluation.confidence)}`, { size: 12, after: 4 });
  if (evaluation.details?.summary) out.text(evaluation.details.summary, { after: 2 });
  for (const reason of evaluation.details?.recommendationReasons ?? [])
    out.text(`- ${reason}`, { indent: 10 });
  if (evaluation.details?.unreviewedRecommendation) {
    out.text(`Scores alone would say: ${recommendationLabel(evaluation.details.unreviewedRecommendation)}`, {
      color: MUTED,
    });
  }

  out.heading('Dimensions');
  for (const dimension of evaluation.dimensions) {
    out.ensure(60);
    out.text(
      `${labelOf(dimension.name)}: ${formatScore(dimension.score)}/100 (weight ${formatPercent(dimension.weight)}, confidence ${formatPercent(dimension.confidence)})`,
      { bold: true, size: 11 },
    );
    out.bar(dimension.score);
    if (dimension.evidence.length === 0) out.text('No evidence recorded.', { color: MUTED, indent: 10 });
    for (const item of dimension.evidence) {
      const reference = evidenceReference(item);
      out.text(`- [${item.kind}] ${item.summary}${reference ? ` (${reference})` : ''}`, {
        indent: 10,
        size: 9.5,
      });
    }
    out.space(6);
  }

  out.heading('Ability and integrity');
  out.text(
    `Ability estimate (IRT): ${evaluation.ability ? abilityText(evaluation.ability, 'theta') : 'not estimated'}`,
  );
  if (evaluation.integrity) {
    out.text(
      `Integrity risk: ${labelOf(evaluation.integrity.riskLevel)} (a signal for review, never an automatic rejection)`,
    );
    if (evaluation.integrity.signals.length === 0)
      out.text('No integrity signals.', { color: MUTED, indent: 10 });
    for (const signal of evaluation.integrity.signals) {
      out.text(
        `- [${signal.severity}] ${labelOf(signal.kind)}: ${signal.summary}${signal.eventSeq !== undefined ? ` (event #${signal.eventSeq})` : ''}`,
        { indent: 10, size: 9.5 },
      );
    }
  } else {
    out.text('No integrity data.', { color: MUTED });
  }
}

function writeQuestion(out: PageWriter, question: ReportQuestion): void {
  const run = question.hiddenRun;
  out.ensure(40);
  out.text(`${question.position + 1}. ${question.title} (${question.difficulty})`, { bold: true, size: 11 });
  out.text(
    [
      `Score: ${question.score === null ? '-' : formatPercent(question.score)}`,
      `hidden tests: ${run ? `${run.passed}/${run.total}${run.status !== 'ok' ? ` (${run.status})` : ''}` : '-'}`,
      `submitted: ${question.submittedAt ? (question.autoSubmitted ? 'auto (time limit)' : 'yes') : 'no'}`,
    ].join(' · '),
    { indent: 12 },
  );
  for (const test of run?.tests ?? []) {
    out.text(
      `${test.passed ? 'PASS' : 'FAIL'} ${test.testName}${test.hidden ? ' (hidden)' : ''} · ${formatMs(test.durationMs)}`,
      { indent: 24, size: 9.5, color: test.passed ? PASS : FAIL },
    );
    if (test.error) out.text(truncate(test.error, 500), { indent: 48, size: 8.5, color: MUTED });
  }
  out.space(6);
}

/** The report as PDF bytes. */
export async function renderReportPdf(report: RenderableReport): Promise<Uint8Array> {
  const { candidate, assessment, session, evaluation } = report;
  const doc = await PDFDocument.create();
  const generated = new Date(report.generatedAt);
  const title = `Report: ${candidate.name} - ${assessment.title}`;
  // Metadata strings are stored as UTF-16 by pdf-lib, no WinAnsi limit there.
  doc.setTitle(title);
  doc.setSubject(`Candidate report (${statusLabel(report.status)})`);
  doc.setCreator('InterviewLM');
  doc.setProducer('InterviewLM');
  doc.setCreationDate(generated);
  doc.setModificationDate(generated);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const out = new PageWriter(doc, regular, bold);

  out.text(candidate.name, { size: 20, bold: true });
  if (candidate.email) out.text(candidate.email, { color: MUTED });
  out.text(
    `${assessment.title} - ${labelOf(assessment.role)} - ${labelOf(assessment.seniority)} - AI assistant: ${aiPolicyLabel(assessment.aiPolicy)}`,
  );
  out.text(`Pipeline status: ${candidate.status} - Report status: ${statusLabel(report.status)}`, {
    color: MUTED,
    after: 10,
  });

  if (evaluation) writeEvaluation(out, evaluation);
  else out.text(`${statusLabel(report.status)}: ${report.statusMessage}`, { size: 12, bold: true });

  out.heading('Interview');
  if (session) {
    out.text(
      `Started ${formatTime(session.startedAt)} - ${session.completedAt ? `completed ${formatTime(session.completedAt)}` : session.status} - duration ${formatDuration(session.durationSeconds)} of ${assessment.durationMinutes} min - language ${session.language}`,
      { after: 6 },
    );
    if (session.questions.length === 0) out.text('No question was served.', { color: MUTED });
    for (const question of session.questions) writeQuestion(out, question);
  } else {
    out.text('The interview has not started.', { color: MUTED });
  }

  out.heading('Pipeline history');
  for (const entry of candidate.history) {
    out.text(
      `${formatTime(entry.at)} · ${entry.from ? `${entry.from} -> ` : ''}${entry.to} by ${entry.actor.name ?? entry.actor.kind}${entry.reason ? `: ${entry.reason}` : ''}`,
      { size: 9.5 },
    );
  }

  out.space(12);
  out.text(
    [
      evaluation
        ? `Scoring ${evaluation.scoringVersion}, evaluated ${formatTime(evaluation.completedAt)}`
        : '',
      evaluation?.llm
        ? `LLM ${evaluation.llm.provider}/${evaluation.llm.model}, ${evaluation.llm.tokens} tokens, $${formatNumber(evaluation.llm.costUsd, 4)}`
        : '',
      `Generated ${formatTime(report.generatedAt)} by InterviewLM`,
    ]
      .filter(Boolean)
      .join(' - '),
    { size: 8, color: MUTED },
  );
  out.footers(title);
  return doc.save();
}
