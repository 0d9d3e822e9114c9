import { describe, expect, it } from 'vitest';
import { funnelOf, scoreBuckets } from './funnel.ts';

describe('funnelOf', () => {
  it('counts a candidate at every stage it passed, outcomes apart', () => {
    expect(
      funnelOf({ INVITED: 5, IN_PROGRESS: 2, COMPLETED: 1, EVALUATED: 1, HIRED: 1, REJECTED: 2 }),
    ).toEqual([
      { stage: 'INVITED', count: 12 },
      { stage: 'IN_PROGRESS', count: 7 },
      { stage: 'COMPLETED', count: 5 },
      { stage: 'EVALUATED', count: 4 },
      { stage: 'ADVANCED', count: 0 },
      { stage: 'REJECTED', count: 2 },
      { stage: 'HIRED', count: 1 },
    ]);
  });
});

describe('scoreBuckets', () => {
  it('puts scores in tens, 100 in the last bucket', () => {
    const buckets = scoreBuckets([0, 9.9, 10, 55, 99, 100]);
    expect(buckets.map((bucket) => bucket.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(buckets[9]?.bucket).toBe('90-100');
  });
});
