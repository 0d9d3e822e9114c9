import { describe, expect, it } from 'vitest';
import { emptySignals, foldSignals } from './live-signals.ts';

const event = (
  seq: number,
  type: string,
  data: Record<string, unknown> = {},
  origin = 'candidate',
  ts = seq * 1000,
) => ({
  seq,
  ts,
  type,
  origin,
  data,
});

describe('live signals', () => {
  it('follows failures, focus, pastes, time per question and AI share', () => {
    const signals = foldSignals(emptySignals(), [
      event(1, 'question.started'),
      event(2, 'run.visible', { failed: 3 }),
      event(3, 'run.visible', { failed: 3 }),
      event(4, 'run.visible', { failed: 4 }),
      event(5, 'integrity.focus_lost'),
      event(6, 'integrity.focus_gained', { awayMs: 4000 }),
      event(7, 'integrity.paste', { chars: 500 }),
      event(8, 'file.changed', {}, 'assistant'),
      event(9, 'file.changed', {}, 'candidate'),
      event(10, 'ai.message', { role: 'user' }),
      event(11, 'question.submitted'),
    ]);
    expect(signals.struggling).toBe(true);
    expect(signals.testFailureTrend).toBeCloseTo(0.5, 3);
    expect(signals.focusLostCount).toBe(1);
    expect(signals.focusLostMs).toBe(4000);
    expect(signals.largePasteCount).toBe(1);
    expect(signals.aiDependency).toBe(0.5);
    expect(signals.msPerQuestion).toEqual([10_000]);
  });

  it('folding in two parts equals folding at once, and progress clears struggling', () => {
    const events = [
      event(1, 'run.visible', { failed: 4 }),
      event(2, 'run.visible', { failed: 2 }),
      event(3, 'run.visible', { failed: 0 }),
    ];
    const once = foldSignals(emptySignals(), events);
    const twice = foldSignals(foldSignals(emptySignals(), events.slice(0, 1)), events.slice(1));
    expect(twice).toEqual(once);
    expect(once.struggling).toBe(false);
    expect(once.testFailureTrend).toBeLessThan(0);
  });
});
