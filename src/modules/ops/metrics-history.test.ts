import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import {
  bucketStart,
  chooseStepSeconds,
  delayUntilNextSample,
  maxPointsPerSeries,
  resolveHistoryRange,
  sampleSlot,
} from './metrics-history.ts';

const minute = 60_000;
const day = 24 * 60 * minute;
const iso = (ms: number) => new Date(ms).toISOString();

describe('sampleSlot', () => {
  it('stamps a sample with the end of the slot it falls in, after the grace period', () => {
    const boundary = Date.parse('2030-01-01T12:00:00.000Z');
    expect(sampleSlot(new Date(boundary + 30_000), minute)).toEqual({
      at: new Date(boundary),
      windowStart: new Date(boundary - minute),
    });
    // Within the 5 s grace after a boundary the previous slot is still the one being sampled.
    expect(sampleSlot(new Date(boundary + 4_999), minute).at).toEqual(new Date(boundary - minute));
    expect(sampleSlot(new Date(boundary + 5_000), minute).at).toEqual(new Date(boundary));
  });

  it('tiles time: consecutive slots share their boundary and never overlap', () => {
    const first = sampleSlot(new Date('2030-01-01T12:00:30Z'), minute);
    const second = sampleSlot(new Date('2030-01-01T12:01:30Z'), minute);
    expect(second.windowStart).toEqual(first.at);
  });
});

describe('delayUntilNextSample', () => {
  it('waits for the next boundary plus the grace period', () => {
    const boundary = Date.parse('2030-01-01T12:00:00.000Z');
    expect(delayUntilNextSample(new Date(boundary + 10_000), minute)).toBe(55_000);
    expect(delayUntilNextSample(new Date(boundary + 1_000), minute)).toBe(4_000);
    expect(delayUntilNextSample(new Date(boundary + 5_000), minute)).toBe(minute);
    // A short interval gets a proportionally short grace (a tenth of it).
    expect(delayUntilNextSample(new Date(boundary), 1_000)).toBe(100);
  });
});

describe('resolveHistoryRange', () => {
  const now = new Date('2030-01-02T00:00:00.000Z');

  it('defaults to the 24 hours before now, or before the given end', () => {
    expect(resolveHistoryRange({ series: 'queue_depth' }, now)).toEqual({
      from: new Date(now.getTime() - day),
      to: now,
    });
    const to = '2029-12-01T06:00:00Z';
    expect(resolveHistoryRange({ series: 'queue_depth', to }, now).from).toEqual(
      new Date(Date.parse(to) - day),
    );
  });

  it('accepts exactly 31 days and refuses one millisecond more', () => {
    const to = now.getTime();
    expect(() =>
      resolveHistoryRange({ series: 'llm_tokens', from: iso(to - 31 * day), to: iso(to) }, now),
    ).not.toThrow();
    expect(() =>
      resolveHistoryRange({ series: 'llm_tokens', from: iso(to - 31 * day - 1), to: iso(to) }, now),
    ).toThrow(/31 days/);
  });

  it('names the field at fault', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).fields?.[0]?.path;
      }
      return undefined;
    };
    expect(
      fieldOf(() =>
        resolveHistoryRange(
          { series: 'queue_depth', from: '2030-01-01T01:00:00Z', to: '2030-01-01T00:00:00Z' },
          now,
        ),
      ),
    ).toBe('querystring.to');
    // Only `from`, in the future: the default end (now) is before it.
    expect(
      fieldOf(() => resolveHistoryRange({ series: 'queue_depth', from: '2030-02-01T00:00:00Z' }, now)),
    ).toBe('querystring.from');
    expect(fieldOf(() => resolveHistoryRange({ series: 'llm_cost_usd', queue: 'notification' }, now))).toBe(
      'querystring.queue',
    );
  });
});

describe('chooseStepSeconds', () => {
  it('picks the narrowest round step that keeps at most the maximum number of buckets', () => {
    const from = new Date('2030-01-01T00:00:00Z');
    const later = (ms: number) => new Date(from.getTime() + ms);
    expect(chooseStepSeconds(from, later(10 * minute))).toBe(1);
    expect(chooseStepSeconds(from, later(day))).toBe(120);
    expect(chooseStepSeconds(from, later(7 * day))).toBe(900);
    expect(chooseStepSeconds(from, later(31 * day))).toBe(3_600);
    for (const span of [minute, day, 7 * day, 31 * day]) {
      const step = chooseStepSeconds(from, later(span));
      expect(span / 1000 / step).toBeLessThanOrEqual(maxPointsPerSeries);
    }
  });
});

describe('bucketStart', () => {
  it('counts buckets from the start of the range, so every point lies within it', () => {
    const from = new Date('2030-01-01T00:00:07.250Z');
    expect(bucketStart(from, 60, 0)).toEqual(from);
    expect(bucketStart(from, 60, 3).toISOString()).toBe('2030-01-01T00:03:07.250Z');
  });
});
