import { describe, expect, it } from 'vitest';
import { defaultDifficultyMix } from './difficulty-mix.ts';

describe('defaultDifficultyMix', () => {
  it('matches the product table and every mix sums to 1', () => {
    expect(defaultDifficultyMix.mid).toEqual({ easy: 0.2, medium: 0.6, hard: 0.2 });
    expect(defaultDifficultyMix.principal).toEqual({ easy: 0, medium: 0.3, hard: 0.7 });
    for (const mix of Object.values(defaultDifficultyMix)) {
      expect(mix.easy + mix.medium + mix.hard).toBeCloseTo(1, 10);
    }
  });
});
