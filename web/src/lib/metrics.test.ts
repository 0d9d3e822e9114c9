import { describe, expect, it } from 'vitest';
import { pivotSeries, totalOf } from './metrics.ts';

describe('metrics history for charts', () => {
  it('pivots per-queue points into one row per time', () => {
    const points = [
      { at: '2026-01-01T00:01:00Z', value: 3, labels: { queue: 'notification' } },
      { at: '2026-01-01T00:00:00Z', value: 1, labels: { queue: 'notification' } },
      { at: '2026-01-01T00:00:00Z', value: 5, labels: { queue: 'interview-agent' } },
    ];
    expect(pivotSeries(points, 'queue')).toEqual({
      rows: [
        { at: Date.parse('2026-01-01T00:00:00Z'), notification: 1, 'interview-agent': 5 },
        { at: Date.parse('2026-01-01T00:01:00Z'), notification: 3 },
      ],
      series: ['interview-agent', 'notification'],
    });
  });

  it('keeps unlabelled series in one column and totals them', () => {
    const points = [
      { at: '2026-01-01T00:00:00Z', value: 100, labels: {} },
      { at: '2026-01-01T01:00:00Z', value: 250, labels: {} },
    ];
    expect(pivotSeries(points).series).toEqual(['value']);
    expect(totalOf(points)).toBe(350);
  });
});
