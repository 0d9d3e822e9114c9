import { describe, expect, it } from 'vitest';
import { analyzeCode } from './code-analysis.ts';
import { overallOf, recommend, thresholds } from './scoring.ts';

describe('recommendation thresholds', () => {
  it('maps the overall score to a verdict', () => {
    expect(recommend(85, 0.8, 0).recommendation).toBe('strong_hire');
    expect(recommend(70, 0.8, 0).recommendation).toBe('hire');
    expect(recommend(50, 0.8, 0).recommendation).toBe('no_hire');
    expect(recommend(20, 0.8, 0).recommendation).toBe('strong_no_hire');
  });

  it('asks for a review when confidence is low or methods disagree', () => {
    const unsure = recommend(90, thresholds.minConfidence - 0.01, 0);
    expect(unsure.recommendation).toBe('needs_review');
    expect(unsure.unreviewed).toBe('strong_hire');
    expect(recommend(90, 0.9, thresholds.maxDisagreement + 1).recommendation).toBe('needs_review');
    expect(recommend(90, 0.9, thresholds.maxDisagreement).recommendation).toBe('strong_hire');
  });

  it('weights dimensions and leaves out the unscored ones', () => {
    const dimension = (score: number, weight: number, confidence = 0.8) => ({
      name: 'code_quality' as const,
      score,
      weight,
      confidence,
      evidence: [],
    });
    expect(overallOf([dimension(100, 0.4), dimension(50, 0.6)]).overall).toBe(70);
    expect(overallOf([dimension(80, 0.4), dimension(0, 0)]).overall).toBe(80);
  });
});

describe('static code analysis', () => {
  it('scores the unchanged starter as zero', () => {
    const starter = 'def f(values):\n    pass\n';
    expect(analyzeCode(starter, 'python', starter).score).toBe(0);
  });

  it('prefers descriptive, documented code to cryptic code, and points at lines', () => {
    const clear = analyzeCode(
      'def total_price(items):\n    """Sum of the item prices."""\n    running_total = 0\n    for item in items:\n        running_total += item\n    return running_total\n',
      'python',
    );
    const cryptic = analyzeCode(
      'def tp(q):\n    zz = 0\n    for w in q:\n        zz += w\n    print(zz)\n    return zz\n',
      'python',
    );
    expect(clear.score).toBeGreaterThan(cryptic.score);
    const debug = cryptic.findings.find((finding) => finding.kind === 'debug_output');
    expect(debug?.lines).toEqual([5, 5]);
  });
});
