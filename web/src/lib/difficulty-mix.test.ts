import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultDifficultyMix,
  expectedCounts,
  formatMix,
  mixToPercents,
  percentsToMix,
  sameMix,
  seniorityOptions,
} from './difficulty-mix.ts';

describe('default difficulty mix per seniority (PRODUCT.md §2)', () => {
  it('is the product table, easy/medium/hard', () => {
    expect(
      Object.fromEntries(
        seniorityOptions.map(({ value }) => [value, formatMix(defaultDifficultyMix[value])]),
      ),
    ).toEqual({
      junior: '60 / 30 / 10',
      mid: '20 / 60 / 20',
      senior: '10 / 50 / 40',
      staff: '5 / 35 / 60',
      principal: '0 / 30 / 70',
    });
  });

  it('sums to 1 for every seniority', () => {
    for (const mix of Object.values(defaultDifficultyMix))
      expect(mix.easy + mix.medium + mix.hard).toBeCloseTo(1, 9);
  });
});

describe('percentages typed by a person', () => {
  it('become fractions when they make 100', () => {
    expect(percentsToMix({ easy: '20', medium: '60', hard: '20' })).toEqual({
      ok: true,
      mix: { easy: 0.2, medium: 0.6, hard: 0.2 },
    });
  });

  it('are refused with what to fix', () => {
    expect(percentsToMix({ easy: '20', medium: '60', hard: '30' })).toEqual({
      ok: false,
      message: 'The shares add up to 110%; make them add up to 100%',
    });
    expect(percentsToMix({ easy: '', medium: '60', hard: '40' })).toMatchObject({
      ok: false,
      message: /easy share/,
    });
    expect(percentsToMix({ easy: '10.5', medium: '49.5', hard: '40' })).toMatchObject({ ok: false });
    expect(percentsToMix({ easy: -10, medium: 70, hard: 40 })).toMatchObject({ ok: false });
  });

  it('round-trip through the mix', () => {
    for (const mix of Object.values(defaultDifficultyMix)) {
      const percents = mixToPercents(mix);
      const back = percentsToMix(percents);
      expect(back.ok && sameMix(back.mix, mix)).toBe(true);
    }
  });
});

describe('expected counts', () => {
  it('split a plan by the mix', () => {
    expect(expectedCounts(defaultDifficultyMix.mid, 5)).toEqual({ easy: 1, medium: 3, hard: 1 });
    expect(expectedCounts(defaultDifficultyMix.junior, 3)).toEqual({ easy: 2, medium: 1, hard: 0 });
    expect(expectedCounts(defaultDifficultyMix.principal, 3)).toEqual({ easy: 0, medium: 1, hard: 2 });
    expect(expectedCounts(defaultDifficultyMix.senior, 0)).toEqual({ easy: 0, medium: 0, hard: 0 });
  });

  it('always add up to the number of questions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 20 }),
        (easy, medium, hard, count) => {
          const counts = expectedCounts({ easy, medium, hard }, count);
          return (
            counts.easy + counts.medium + counts.hard === count && Object.values(counts).every((n) => n >= 0)
          );
        },
      ),
    );
  });

  it('give whole percentages that add up to 100', () => {
    const percents = mixToPercents({ easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 });
    expect(percents.easy + percents.medium + percents.hard).toBe(100);
  });
});
