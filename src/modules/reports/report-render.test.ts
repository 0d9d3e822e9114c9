/**
 * The HTML and PDF reports from one report value: what they show (scores, recommendation,
 * evidence references, θ ± SE, integrity, hidden tests), that hostile text is escaped in HTML and
 * tamed to WinAnsi in the PDF, that long reports wrap and span pages, and the status logic.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfPageTexts } from './pdf-text.ts';
import type { RenderableReport, Report, ReportEvaluation } from './report.schema.ts';
import { evidenceReference, formatDuration, labelOf } from './report-format.ts';
import { escapeHtml, renderReportHtml } from './report-html.ts';
import { renderReportPdf, toWinAnsi, wrap } from './report-pdf.ts';
import { reportStatusOf } from './report-status.ts';
import { reportFileName } from './reports.routes.ts';

const RUN_ID = '1a2b3c4d-0000-4000-8000-000000000001';

function evaluation(overrides: Partial<ReportEvaluation> = {}): ReportEvaluation {
  return {
    id: 'e0000000-0000-4000-8000-000000000001',
    scoringVersion: 'v1',
    overall: 73.6,
    confidence: 0.81,
    recommendation: 'hire',
    dimensions: [
      {
        name: 'code_quality',
        score: 88,
        weight: 0.4,
        confidence: 0.9,
        evidence: [
          { kind: 'hidden_tests', summary: '9 of 10 hidden tests passed', runId: RUN_ID },
          { kind: 'code_naming', summary: 'clear names', filePath: 'solution.py', lines: [3, 9] },
          { kind: 'prompt', summary: 'asked about edge cases', eventSeq: 12, value: 0.75 },
        ],
      },
      {
        name: 'ai_collaboration',
        score: 61,
        weight: 0.2,
        confidence: 0.6,
        evidence: [{ kind: 'ai_output_verified', summary: 'ran the tests after the AI edit', eventSeq: 40 }],
      },
    ],
    integrity: {
      riskLevel: 'medium',
      signals: [{ kind: 'large_paste', severity: 'medium', summary: 'pasted 420 characters', eventSeq: 17 }],
    },
    ability: { theta: 0.4213, standardError: 0.3125 },
    llm: { provider: 'offline', model: 'none', tokens: 0, costUsd: 0 },
    details: { summary: 'Solid solution, verified the AI output.', recommendationReasons: ['tests pass'] },
    completedAt: '2026-03-02T10:15:00.000Z',
    ...overrides,
  };
}

function report(overrides: Partial<Report> = {}): Report {
  return {
    status: 'evaluated',
    statusMessage: 'The interview was evaluated.',
    generatedAt: '2026-03-02T11:00:00.000Z',
    candidate: {
      id: 'c0000000-0000-4000-8000-000000000001',
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      status: 'EVALUATED',
      statusChangedAt: '2026-03-02T10:15:00.000Z',
      invitedAt: '2026-03-01T09:00:00.000Z',
      history: [
        {
          from: null,
          to: 'INVITED',
          at: '2026-03-01T09:00:00.000Z',
          reason: null,
          actor: { kind: 'user', name: 'Rita' },
        },
        {
          from: 'INVITED',
          to: 'IN_PROGRESS',
          at: '2026-03-02T09:00:00.000Z',
          reason: null,
          actor: { kind: 'candidate', name: null },
        },
      ],
    },
    assessment: {
      id: 'a0000000-0000-4000-8000-000000000001',
      title: 'Backend screen',
      role: 'backend',
      seniority: 'senior',
      aiPolicy: 'pair_programming',
      durationMinutes: 60,
    },
    session: {
      id: 's0000000-0000-4000-8000-000000000001',
      status: 'completed',
      language: 'python',
      startedAt: '2026-03-02T09:00:00.000Z',
      completedAt: '2026-03-02T09:42:30.000Z',
      deadlineAt: '2026-03-02T10:00:00.000Z',
      durationSeconds: 2550,
      questions: [
        {
          position: 0,
          questionId: 'q0000000-0000-4000-8000-000000000001',
          title: 'Two sum',
          difficulty: 'easy',
          language: 'python',
          startedAt: '2026-03-02T09:00:00.000Z',
          submittedAt: '2026-03-02T09:20:00.000Z',
          score: 0.9,
          autoSubmitted: false,
          hiddenRun: {
            runId: RUN_ID,
            status: 'ok',
            passed: 1,
            failed: 1,
            total: 2,
            durationMs: 120,
            tests: [
              { testName: 'handles_empty', passed: true, hidden: true, durationMs: 3.2, error: null },
              {
                testName: 'large_input',
                passed: false,
                hidden: true,
                durationMs: 1500,
                error: 'File "solution.py", line 4\nAssertionError: expected 3',
              },
            ],
          },
        },
      ],
    },
    evaluation: evaluation(),
    ...overrides,
  };
}

const hostile = '<script>alert(1)</script>';

describe('HTML report', () => {
  it('shows the scores, recommendation, confidence, evidence references, ability, integrity and tests', () => {
    const page = renderReportHtml(report());
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('74<span class="muted">/100</span>');
    expect(page).toContain('Hire');
    expect(page).toContain('81%');
    expect(page).toContain('Code quality');
    expect(page).toContain('style="width:88%"');
    expect(page).toContain(`run ${RUN_ID.slice(0, 8)}`);
    expect(page).toContain('solution.py lines 3–9');
    expect(page).toContain('event #12 · value 0.75');
    expect(page).toContain('θ = 0.42 ± 0.31');
    expect(page).toContain('risk-medium');
    expect(page).toContain('pasted 420 characters');
    expect(page).toContain('large_input');
    expect(page).toContain('AssertionError: expected 3');
    expect(page).toContain('1/2');
    expect(page).toContain('ada@example.test');
    expect(page).toContain('42 min 30 s');
  });

  it('is self-contained: no script, no external asset, no link', () => {
    const page = renderReportHtml(report());
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
  });

  it('escapes every interpolated value: a hostile name, summary, test name, error and reason', () => {
    const base = report();
    const session = base.session;
    if (!session?.questions[0]?.hiddenRun) throw new Error('fixture');
    const evil = report({
      candidate: {
        ...base.candidate,
        name: hostile,
        email: `"><script>x</script>@e.test`,
        history: [
          {
            from: null,
            to: 'INVITED',
            at: base.generatedAt,
            reason: hostile,
            actor: { kind: 'user', name: hostile },
          },
        ],
      },
      assessment: { ...base.assessment, title: `<img src=x onerror=alert(1)>` },
      session: {
        ...session,
        questions: [
          {
            ...session.questions[0],
            title: hostile,
            hiddenRun: {
              ...session.questions[0].hiddenRun,
              tests: [
                { testName: hostile, passed: false, hidden: true, durationMs: 1, error: `</pre>${hostile}` },
              ],
            },
          },
        ],
      },
      evaluation: evaluation({
        dimensions: [
          {
            name: '<script>dim',
            score: 50,
            weight: 1,
            confidence: 0.5,
            evidence: [{ kind: hostile, summary: hostile, filePath: '<script>.py', lines: [1, 2] }],
          },
        ],
        details: { summary: hostile, recommendationReasons: [hostile] },
        integrity: { riskLevel: 'high', signals: [{ kind: 'paste', severity: 'high', summary: hostile }] },
      }),
    });
    const page = renderReportHtml(evil);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows the status and no scores while there is no evaluation', () => {
    const page = renderReportHtml(
      report({ status: 'in_progress', statusMessage: 'The interview is in progress.', evaluation: null }),
    );
    expect(page).toContain('The interview is in progress.');
    expect(page).not.toContain('Overall score');
    expect(page).not.toContain('Dimensions');
  });

  it('leaves the email out when the report has none (shared)', () => {
    const { email: _email, ...candidate } = report().candidate;
    const shared: RenderableReport = { ...report(), candidate };
    expect(renderReportHtml(shared)).not.toContain('@example.test');
  });
});

describe('PDF report', () => {
  it('parses back, is one page for a short report and shows the scores', async () => {
    const bytes = await renderReportPdf(report());
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Report: Ada Lovelace - Backend screen');
    const [text = ''] = await pdfPageTexts(bytes);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Overall score: 74/100');
    expect(text).toContain('Recommendation: Hire');
    expect(text).toContain('Confidence: 81%');
    expect(text).toContain('Code quality: 88/100');
    expect(text).toContain('solution.py lines 3–9');
    expect(text).toContain('theta = 0.42 ± 0.31');
    expect(text).toContain('Integrity risk: Medium');
    expect(text).toContain('FAIL large_input (hidden) · 1.5 s');
    expect(text).toContain('Score: 90% · hidden tests: 1/2 · submitted: yes');
    // A multi-line error keeps its lines.
    expect(text).toContain('File "solution.py", line 4\nAssertionError: expected 3');
    expect(text).toContain('Page 1 of 1');
  });

  it('wraps long lines and adds pages for a long report', async () => {
    const base = report();
    const session = base.session;
    const first = session?.questions[0];
    if (!session || !first) throw new Error('fixture');
    const longSummary = `${'word '.repeat(200)}${'x'.repeat(300)}`;
    const long = report({
      session: {
        ...session,
        questions: Array.from({ length: 30 }, (_, i) => ({
          ...first,
          position: i,
          title: `Question ${i + 1}`,
        })),
      },
      evaluation: evaluation({
        dimensions: [
          {
            name: 'communication',
            score: 42,
            weight: 0.15,
            confidence: 0.5,
            evidence: [{ kind: 'note', summary: longSummary }],
          },
        ],
      }),
    });
    const bytes = await renderReportPdf(long);
    const pages = await pdfPageTexts(bytes);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages.join('\n')).toContain('Question 30');
    // The evidence (drawn at 9.5 pt, indented 10 pt) wrapped: every one of its lines fits, the long word was cut.
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const evidenceLines = pages
      .join('\n')
      .split('\n')
      .filter((line) => /^(- \[note\] )?(word|x)/.test(line));
    expect(evidenceLines.length).toBeGreaterThan(5);
    for (const line of evidenceLines) {
      expect(font.widthOfTextAtSize(line, 9.5)).toBeLessThanOrEqual(595.28 - 100 - 10 + 0.01);
    }
    expect(pages.join('\n')).toContain('x'.repeat(60));
  });

  it('replaces characters outside WinAnsi instead of failing', async () => {
    const base = report();
    const bytes = await renderReportPdf(
      report({
        candidate: { ...base.candidate, name: 'Zoë 李雷 🚀 → ok' },
        evaluation: null,
        status: 'evaluating',
      }),
    );
    const [text = ''] = await pdfPageTexts(bytes);
    expect(text).toContain('Zoë ?? ? -> ok');
  });

  it('maps to WinAnsi: keeps Latin-1 and typographic marks, drops control characters', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const supported = new Set(font.getCharacterSet());
    expect(toWinAnsi('é – “q” … θ≥1\u0007\tx\r\ny', supported)).toBe('é – “q” … theta>=1    x\ny');
    expect(wrap('a b c', font, 10, 1000)).toEqual(['a b c']);
    expect(wrap('aaaa bbbb', font, 10, font.widthOfTextAtSize('aaaa', 10))).toEqual(['aaaa', 'bbbb']);
  });
});

describe('report wording', () => {
  it('points evidence at events, runs and lines', () => {
    expect(evidenceReference({ kind: 'k', summary: 's', eventSeq: 12 })).toBe('event #12');
    expect(evidenceReference({ kind: 'k', summary: 's', runId: RUN_ID })).toBe('run 1a2b3c4d');
    expect(evidenceReference({ kind: 'k', summary: 's', filePath: 'a.py', lines: [4, 4] })).toBe(
      'a.py line 4',
    );
    expect(evidenceReference({ kind: 'k', summary: 's' })).toBe('');
  });

  it('labels dimensions and formats durations', () => {
    expect(labelOf('problem_solving')).toBe('Problem solving');
    expect(labelOf('typingCadence')).toBe('Typing cadence');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(45)).toBe('45 s');
  });

  it('makes file names safe', () => {
    expect(reportFileName('Zoë O\'Brien "<x>"', 'pdf')).toBe('report-zoe-o-brien-x.pdf');
    expect(reportFileName('李雷', 'pdf')).toBe('report-candidate.pdf');
  });
});

describe('report status', () => {
  it.each([
    [{ sessionStatus: null, hasCompletedEvaluation: false, latestEvaluationStatus: null }, 'not_started'],
    [{ sessionStatus: 'active', hasCompletedEvaluation: false, latestEvaluationStatus: null }, 'in_progress'],
    [
      { sessionStatus: 'completed', hasCompletedEvaluation: false, latestEvaluationStatus: null },
      'evaluating',
    ],
    [
      { sessionStatus: 'expired', hasCompletedEvaluation: false, latestEvaluationStatus: 'pending' },
      'evaluating',
    ],
    [
      { sessionStatus: 'completed', hasCompletedEvaluation: false, latestEvaluationStatus: 'failed' },
      'failed',
    ],
    [
      { sessionStatus: 'completed', hasCompletedEvaluation: true, latestEvaluationStatus: 'failed' },
      'evaluated',
    ],
    [{ sessionStatus: 'abandoned', hasCompletedEvaluation: false, latestEvaluationStatus: null }, 'failed'],
  ] as const)('%o → %s', (input, status) => {
    expect(reportStatusOf(input).status).toBe(status);
  });
});
