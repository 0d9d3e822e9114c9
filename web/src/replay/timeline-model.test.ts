import { describe, expect, it } from 'vitest';
import {
  buildMarkers,
  changesFiles,
  createLruCache,
  diffRangeAt,
  fileChangeSeqs,
  filesVersionAt,
  formatElapsed,
  indexAtOrBefore,
  kindOf,
  parseSeqParam,
  playbackDelay,
  type StoredEvent,
  stepSeq,
  stripAnsi,
  summarizeEvent,
} from './timeline-model.ts';

const t0 = Date.parse('2026-11-29T06:00:00Z');
function event(
  seq: number,
  type: string,
  data: Record<string, unknown> = {},
  extra: Partial<StoredEvent> = {},
): StoredEvent {
  return {
    seq,
    clientSeq: null,
    ts: new Date(t0 + seq * 1000).toISOString(),
    type,
    origin: 'system',
    questionId: null,
    filePath: null,
    data,
    ...extra,
  };
}

const events: StoredEvent[] = [
  event(1, 'session.started', { language: 'python', aiPolicy: 'pair_programming' }),
  event(2, 'agent.decision', { decision: 'next_question', theta: 0, difficulty: 'medium' }),
  event(3, 'question.started', { position: 0, title: 'LRU', files: [] }),
  event(4, 'file.changed', { added: 3, removed: 0 }, { filePath: 'solution.py' }),
  event(5, 'integrity.paste', { chars: 120 }),
  event(6, 'ai.message', { role: 'user', text: 'help' }),
  event(7, 'run.visible', { passed: 1, total: 3, status: 'ok' }),
  event(8, 'file.created', { content: 'x' }, { filePath: 'util.py' }),
  event(9, 'terminal.output', { chars: 10 }),
];

describe('kindOf', () => {
  it('groups event types into marker kinds', () => {
    expect(events.map((e) => kindOf(e.type))).toEqual([
      'milestone',
      'agent',
      'milestone',
      'file',
      'integrity',
      'ai',
      'run',
      'file',
      'terminal',
    ]);
    expect(kindOf('ui.panel_opened')).toBe('other');
    expect(kindOf('ai.tool_call')).toBe('ai');
  });
});

describe('file versions', () => {
  const seqs = fileChangeSeqs(events);
  it('lists the events that change files, including a new question', () => {
    expect(seqs).toEqual([3, 4, 8]);
    expect(changesFiles(event(1, 'file.opened'))).toBe(false);
  });

  it('maps any seq to the last file change at or before it', () => {
    expect(filesVersionAt(seqs, 1)).toBe(0);
    expect(filesVersionAt(seqs, 3)).toBe(3);
    expect(filesVersionAt(seqs, 7)).toBe(4);
    expect(filesVersionAt(seqs, 100)).toBe(8);
  });

  it('compares the last change with the version before it', () => {
    expect(diffRangeAt(seqs, 2)).toBeNull();
    expect(diffRangeAt(seqs, 3)).toEqual({ before: 0, after: 3 });
    expect(diffRangeAt(seqs, 6)).toEqual({ before: 3, after: 4 });
    expect(diffRangeAt(seqs, 9)).toEqual({ before: 4, after: 8 });
  });
});

describe('navigation', () => {
  it('finds the event at or before a seq', () => {
    expect(indexAtOrBefore(events, 0)).toBe(-1);
    expect(indexAtOrBefore(events, 5)).toBe(4);
    expect(indexAtOrBefore(events, 50)).toBe(8);
  });

  it('steps to the next and previous event, optionally of some kinds', () => {
    expect(stepSeq(events, 4, 1)).toBe(5);
    expect(stepSeq(events, 4, -1)).toBe(3);
    expect(stepSeq(events, 4, 1, new Set(['run']))).toBe(7);
    expect(stepSeq(events, 9, 1)).toBeNull();
    expect(stepSeq(events, 8, -1, new Set(['agent']))).toBe(2);
  });

  it('parses ?seq= within bounds', () => {
    expect(parseSeqParam('5', 1, 9)).toBe(5);
    expect(parseSeqParam('50', 1, 9)).toBe(9);
    expect(parseSeqParam('-3', 1, 9)).toBe(1);
    expect(parseSeqParam('abc', 1, 9)).toBeNull();
    expect(parseSeqParam('', 1, 9)).toBeNull();
    expect(parseSeqParam(null, 1, 9)).toBeNull();
  });
});

describe('playbackDelay', () => {
  it('follows real gaps, bounded, divided by the speed', () => {
    const at = (ms: number) => ({ ts: new Date(t0 + ms).toISOString() });
    expect(playbackDelay(at(0), at(1_000), 1)).toBe(1_000);
    expect(playbackDelay(at(0), at(1_000), 4)).toBe(250);
    expect(playbackDelay(at(0), at(0), 1)).toBe(150);
    expect(playbackDelay(at(0), at(600_000), 1)).toBe(3_000);
    expect(playbackDelay(at(0), at(600_000), 8)).toBe(375);
  });
});

describe('summarizeEvent', () => {
  it('says what happened in one line', () => {
    expect(summarizeEvent(events[3] as StoredEvent)).toBe('Edited solution.py (+3 −0 lines)');
    expect(summarizeEvent(events[4] as StoredEvent)).toBe('Pasted 120 characters');
    expect(summarizeEvent(events[6] as StoredEvent)).toBe('Visible tests: 1/3 passed');
    expect(
      summarizeEvent(event(1, 'question.submitted', { position: 0, score: 0.125, autoSubmitted: true })),
    ).toBe('Question 1 auto-submitted — score 13 %');
    expect(
      summarizeEvent(
        event(1, 'agent.decision', { decision: 'next_question', difficulty: 'hard', theta: 0.5 }),
      ),
    ).toBe('Agent: next question (hard), θ 0.50');
    expect(summarizeEvent(event(1, 'ui.custom'))).toBe('ui.custom');
  });
});

describe('helpers', () => {
  it('strips terminal escapes', () => {
    expect(stripAnsi('\u001b[?2004hworkspace $ ls\r\n\u001b[32mok\u001b[0m')).toBe('workspace $ ls\nok');
  });

  it('formats elapsed time', () => {
    expect(formatElapsed('2026-01-01T00:00:00Z', '2026-01-01T00:01:05Z')).toBe('1:05');
    expect(formatElapsed('2026-01-01T00:00:00Z', '2026-01-01T01:01:05Z')).toBe('1:01:05');
  });

  it('keeps the most recently used cache entries', () => {
    const cache = createLruCache<number, string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    expect(cache.get(1)).toBe('a');
    cache.set(3, 'c');
    expect(cache.has(2)).toBe(false);
    expect(cache.has(1)).toBe(true);
    expect(cache.size).toBe(2);
  });
});

describe('buildMarkers', () => {
  const all = new Set(['file', 'run', 'ai', 'terminal', 'agent', 'integrity', 'milestone', 'other'] as const);
  it('places one marker per event when there is room', () => {
    const markers = buildMarkers(events, { min: 1, max: 9 }, all, 300);
    expect(markers).toHaveLength(9);
    expect(markers[0]).toMatchObject({ position: 0, kind: 'milestone', seq: 1 });
    expect(markers.at(-1)).toMatchObject({ position: 100, kind: 'terminal', seq: 9 });
  });

  it('merges crowded events into slots that show the most telling kind', () => {
    const markers = buildMarkers(events, { min: 1, max: 9 }, all, 2);
    expect(markers).toHaveLength(2);
    // Slot one holds seq 1–4 (milestone, agent, milestone, file): the agent decision wins.
    expect(markers[0]).toMatchObject({ kind: 'agent', seq: 2, count: 4 });
    // Slot two holds seq 5–9 and has an integrity event.
    expect(markers[1]).toMatchObject({ kind: 'integrity', seq: 5, count: 5 });
  });

  it('draws only enabled kinds', () => {
    const markers = buildMarkers(events, { min: 1, max: 9 }, new Set(['run']));
    expect(markers).toEqual([{ position: 75, kind: 'run', seq: 7, count: 1 }]);
  });
});
