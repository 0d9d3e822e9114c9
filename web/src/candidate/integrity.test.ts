import { describe, expect, it } from 'vitest';
import { createFocusTracker, type IntegrityEvent, pasteEvent } from './integrity.ts';

describe('createFocusTracker', () => {
  it('reports one loss and one return with the time away, however many DOM events fire', () => {
    const events: IntegrityEvent[] = [];
    let clock = 1_000;
    const tracker = createFocusTracker(
      (event) => events.push(event),
      () => clock,
    );
    tracker.gained();
    tracker.lost('blur');
    tracker.lost('hidden');
    clock += 4_500;
    tracker.gained();
    tracker.gained();
    expect(events).toEqual([
      { type: 'integrity.focus_lost', data: { reason: 'blur' } },
      { type: 'integrity.focus_gained', data: { awayMs: 4_500 } },
    ]);
    expect(tracker.isAway()).toBe(false);
  });
});

describe('createFocusTracker across a reload', () => {
  it('pairs a loss recorded before the reload with the return after it', () => {
    let kept: number | null = null;
    const store = {
      load: () => kept,
      save: (value: number | null) => {
        kept = value;
      },
    };
    const events: IntegrityEvent[] = [];
    let clock = 10_000;
    const before = createFocusTracker(
      (event) => events.push(event),
      () => clock,
      store,
    );
    before.lost('hidden');
    clock += 2_000;
    // The page reloads: a new tracker on the same store.
    const after = createFocusTracker(
      (event) => events.push(event),
      () => clock,
      store,
    );
    expect(after.isAway()).toBe(true);
    after.gained();
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['integrity.focus_lost', { reason: 'hidden' }],
      ['integrity.focus_gained', { awayMs: 2_000, afterReload: true }],
    ]);
    expect(kept).toBeNull();
  });
});

describe('pasteEvent', () => {
  it('records the size of a paste, never its text', () => {
    expect(pasteEvent('a.py', { chars: 120, lines: 4, source: 'paste' })).toEqual({
      type: 'integrity.paste',
      filePath: 'a.py',
      data: { chars: 120, lines: 4, source: 'paste' },
    });
  });
});
