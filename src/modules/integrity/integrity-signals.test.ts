import { describe, expect, it } from 'vitest';
import {
  assessIntegrity,
  deriveRiskLevel,
  findBestMatch,
  type IntegrityEvent,
  type IntegritySignal,
  integrityThresholds,
  type QuestionSimilarity,
} from './integrity-signals.ts';
import { fingerprint, normalizedHash } from './winnowing.ts';

const Q = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const T0 = Date.parse('2026-01-05T10:00:00Z');

/** Builds a timeline: seq in order, ts in seconds from T0. */
function timeline(
  ...entries: Array<
    [seconds: number, type: string, data?: Record<string, unknown>, extra?: Partial<IntegrityEvent>]
  >
): IntegrityEvent[] {
  return entries.map(([seconds, type, data, extra], index) => ({
    seq: index + 1,
    ts: T0 + seconds * 1000,
    type,
    origin: type.startsWith('integrity.') ? 'candidate' : 'system',
    questionId: Q,
    filePath: null,
    data: data ?? {},
    ...extra,
  }));
}

const typed = (chars: number, deleteCount = 0): Record<string, unknown> => ({
  splice: { at: 0, deleteCount, insert: 'x'.repeat(chars) },
});
const byCandidate: Partial<IntegrityEvent> = { origin: 'candidate', filePath: 'solution.py' };

const report = (
  events: IntegrityEvent[],
  similarities: QuestionSimilarity[] = [],
  integrityMonitoring = true,
) => assessIntegrity({ events, integrityMonitoring, similarities });

const kinds = (signals: IntegritySignal[]) => signals.map((signal) => `${signal.kind}:${signal.severity}`);

describe('large pastes', () => {
  it('one large paste is a low signal pointing at its event; a smaller one is nothing', () => {
    const events = timeline(
      [0, 'question.started'],
      [10, 'integrity.paste', { chars: 199 }],
      [20, 'integrity.paste', { chars: 250 }],
    );
    const result = report(events);
    expect(result.riskLevel).toBe('low');
    expect(result.signals).toEqual([
      expect.objectContaining({ kind: 'large_paste', severity: 'low', eventSeq: 3, value: 250 }),
    ]);
  });

  it('two large pastes make each a medium signal, with the count and total in the summary', () => {
    const events = timeline(
      [0, 'question.started'],
      [10, 'integrity.paste', { chars: 500 }],
      [20, 'integrity.paste', { chars: 700 }],
    );
    const result = report(events);
    expect(result.riskLevel).toBe('medium');
    expect(result.signals.map((signal) => signal.eventSeq)).toEqual([2, 3]);
    expect(kinds(result.signals)).toEqual(['large_paste:medium', 'large_paste:medium']);
    expect(result.signals[1]?.summary).toContain('large paste 2 of 2');
    expect(result.signals[1]?.summary).toContain('1200 characters');
  });

  it('lists at most maxSignalsPerKind pastes but counts all of them', () => {
    const pastes = Array.from(
      { length: 13 },
      (_, i) => [i, 'integrity.paste', { chars: 300 }] as [number, string, Record<string, unknown>],
    );
    const result = report(timeline(...pastes));
    expect(result.signals).toHaveLength(integrityThresholds.maxSignalsPerKind);
    expect(result.signals[0]?.summary).toContain('of 13');
  });
});

describe('focus', () => {
  it('pairs losses and gains in order, preferring the awayMs the client measured', () => {
    const events = timeline(
      [0, 'integrity.focus_lost'],
      [400, 'integrity.focus_gained', { awayMs: 30_000 }], // the client says 30 s, not 400 s
      [500, 'integrity.focus_lost'],
      [540, 'integrity.focus_gained'], // no awayMs: 40 s from the timestamps
      [600, 'integrity.focus_lost'],
      [601, 'integrity.focus_lost'], // a repeated loss is the same absence
      [605, 'integrity.focus_gained', { awayMs: 5_000 }],
    );
    const result = report(events);
    expect(result.signals).toEqual([
      expect.objectContaining({ kind: 'focus_lost', severity: 'low', value: 75_000, eventSeq: 3 }),
    ]);
    expect(result.signals[0]?.summary).toContain('3 times');
    expect(result.signals[0]?.summary).toContain('1 min 15 s away');
  });

  it('raises nothing for two short absences', () => {
    const events = timeline(
      [0, 'integrity.focus_lost'],
      [5, 'integrity.focus_gained', { awayMs: 5_000 }],
      [60, 'integrity.focus_lost'],
      [70, 'integrity.focus_gained', { awayMs: 10_000 }],
    );
    expect(report(events)).toEqual({ riskLevel: 'none', signals: [] });
  });

  it('more than five minutes away in total is medium, and a loss never regained lasts until the last event', () => {
    const events = timeline(
      [0, 'question.started'],
      [100, 'integrity.focus_lost'],
      [220, 'integrity.focus_gained', { awayMs: 120_000 }],
      [300, 'integrity.focus_lost'],
      [481, 'question.submitted'], // gone from 300 s to the end: 181 s, 301 s in total
    );
    const result = report(events);
    expect(result.riskLevel).toBe('medium');
    expect(result.signals).toEqual([
      expect.objectContaining({ kind: 'focus_lost', severity: 'medium', value: 301_000, eventSeq: 4 }),
    ]);
    // Exactly five minutes is not "more than five minutes".
    const fiveMinutes = timeline([0, 'integrity.focus_lost'], [300, 'integrity.focus_gained']);
    expect(report(fiveMinutes).signals[0]?.severity).toBe('low');
  });

  it('leaving the window ten times is medium however short the absences', () => {
    const entries = Array.from({ length: 10 }, (_, i) => [
      [i * 10, 'integrity.focus_lost'],
      [i * 10 + 1, 'integrity.focus_gained', { awayMs: 1_000 }],
    ]).flat() as Array<[number, string, Record<string, unknown>?]>;
    expect(report(timeline(...entries)).signals[0]?.severity).toBe('medium');
  });
});

describe('typing cadence: code that appeared without typing or paste', () => {
  it('flags a large candidate insertion with no paste near it', () => {
    const events = timeline(
      [0, 'question.started'],
      [30, 'file.changed', typed(20), byCandidate],
      [90, 'file.changed', typed(400), byCandidate],
    );
    const result = report(events);
    expect(result.riskLevel).toBe('low');
    expect(result.signals).toEqual([
      expect.objectContaining({ kind: 'code_without_typing', severity: 'low', eventSeq: 3, value: 400 }),
    ]);
    expect(result.signals[0]?.summary).toContain('solution.py');
  });

  it('counts only what a change adds net of what it replaced', () => {
    // Reformatting 500 characters into 520 adds 20.
    const events = timeline([0, 'question.started'], [30, 'file.changed', typed(520, 500), byCandidate]);
    expect(report(events).signals).toEqual([]);
  });

  it('a paste of comparable size within the window explains the change; a tiny or distant one does not', () => {
    const explained = timeline(
      [0, 'integrity.paste', { chars: 380 }],
      [4, 'file.changed', typed(400), byCandidate],
    );
    // The paste is a large paste (low) but the insertion is explained.
    expect(kinds(report(explained).signals)).toEqual(['large_paste:low']);

    const tiny = timeline(
      [0, 'integrity.paste', { chars: 20 }],
      [4, 'file.changed', typed(400), byCandidate],
    );
    expect(kinds(report(tiny).signals)).toEqual(['code_without_typing:low']);

    const distant = timeline(
      [0, 'integrity.paste', { chars: 400 }],
      [60, 'file.changed', typed(400), byCandidate],
    );
    expect(kinds(report(distant).signals)).toEqual(['large_paste:low', 'code_without_typing:low']);
  });

  it('ignores what the assistant or the system wrote, and a restore of what was just removed (undo)', () => {
    const events = timeline(
      [0, 'file.created', { content: 'y'.repeat(900) }, { origin: 'system', filePath: 'solution.py' }],
      [10, 'file.changed', typed(600), { origin: 'assistant', filePath: 'solution.py' }],
      [20, 'file.changed', typed(0, 450), byCandidate],
      [22, 'file.changed', typed(450), byCandidate],
    );
    expect(report(events).signals).toEqual([]);
  });

  it('a large new file from the candidate counts, and two such changes are medium', () => {
    const events = timeline(
      [0, 'file.created', { content: 'z'.repeat(350) }, { origin: 'candidate', filePath: 'helpers.py' }],
      [100, 'file.changed', typed(310), byCandidate],
    );
    const result = report(events);
    expect(kinds(result.signals)).toEqual(['code_without_typing:medium', 'code_without_typing:medium']);
    expect(result.riskLevel).toBe('medium');
  });
});

describe('similarity to other candidates', () => {
  const submitted = timeline([0, 'question.started'], [600, 'question.submitted']);
  const match = (similarity: number, identical = false): QuestionSimilarity[] => [
    { questionId: Q, title: 'Coin Change', match: { sessionId: OTHER, similarity, identical } },
  ];

  it('grades by threshold and names the other session and the submission event', () => {
    const high = report(submitted, match(0.95));
    expect(high.riskLevel).toBe('high');
    expect(high.signals).toEqual([
      {
        kind: 'code_similarity',
        severity: 'high',
        summary: expect.stringContaining('"Coin Change" is 95% similar'),
        eventSeq: 2,
        value: 0.95,
        relatedSessionId: OTHER,
      },
    ]);
    expect(report(submitted, match(0.9)).signals[0]?.severity).toBe('high');
    expect(report(submitted, match(0.75)).signals[0]?.severity).toBe('medium');
    expect(report(submitted, match(0.55)).signals[0]?.severity).toBe('low');
    expect(report(submitted, match(0.45))).toEqual({ riskLevel: 'none', signals: [] });
    expect(report(submitted, [{ questionId: Q, match: null }])).toEqual({ riskLevel: 'none', signals: [] });
  });

  it('an identical submission is its own high signal', () => {
    const result = report(submitted, match(1, true));
    expect(result.riskLevel).toBe('high');
    expect(result.signals).toEqual([
      expect.objectContaining({
        kind: 'identical_submission',
        severity: 'high',
        relatedSessionId: OTHER,
        eventSeq: 2,
      }),
    ]);
  });

  it('is computed when monitoring was off, while pastes, focus and cadence are not', () => {
    const events = timeline(
      [0, 'integrity.paste', { chars: 900 }],
      [1, 'integrity.paste', { chars: 900 }],
      [2, 'integrity.focus_lost'],
      [900, 'integrity.focus_gained'],
      [901, 'file.changed', typed(800), byCandidate],
      [902, 'question.submitted'],
    );
    expect(kinds(report(events, match(0.75), false).signals)).toEqual(['code_similarity:medium']);
    expect(report(events, [], false)).toEqual({ riskLevel: 'none', signals: [] });
    // The same events with monitoring on raise all three.
    expect(new Set(report(events, [], true).signals.map((signal) => signal.kind))).toEqual(
      new Set(['large_paste', 'focus_lost', 'code_without_typing']),
    );
  });
});

describe('risk level', () => {
  const signal = (kind: string, severity: IntegritySignal['severity']): IntegritySignal => ({
    kind,
    severity,
    summary: kind,
  });

  it('none, low, medium and high by the documented rules', () => {
    expect(deriveRiskLevel([])).toBe('none');
    expect(deriveRiskLevel([signal('a', 'low'), signal('b', 'low')])).toBe('low');
    expect(deriveRiskLevel([signal('a', 'low'), signal('b', 'medium')])).toBe('medium');
    expect(deriveRiskLevel([signal('a', 'low'), signal('b', 'high')])).toBe('high');
    // Three medium signals of one kind are one reason, not three.
    expect(deriveRiskLevel([signal('a', 'medium'), signal('a', 'medium'), signal('a', 'medium')])).toBe(
      'medium',
    );
    expect(deriveRiskLevel([signal('a', 'medium'), signal('b', 'medium'), signal('c', 'medium')])).toBe(
      'high',
    );
  });

  it('pastes, time away and unexplained code together are high, listed most severe first', () => {
    const events = timeline(
      [0, 'question.started'],
      [10, 'integrity.paste', { chars: 500 }],
      [20, 'integrity.paste', { chars: 500 }],
      [30, 'integrity.focus_lost'],
      [400, 'integrity.focus_gained'],
      [500, 'file.changed', typed(400), byCandidate],
      [600, 'file.changed', typed(400), byCandidate],
    );
    const result = report(events, [
      { questionId: Q, match: { sessionId: OTHER, similarity: 0.6, identical: false } },
    ]);
    expect(result.riskLevel).toBe('high');
    expect(kinds(result.signals)).toEqual([
      'large_paste:medium',
      'large_paste:medium',
      'focus_lost:medium',
      'code_without_typing:medium',
      'code_without_typing:medium',
      'code_similarity:low',
    ]);
  });
});

describe('findBestMatch', () => {
  const solution = `def coin_change(coins, amount):
    unreachable = amount + 1
    fewest = [0] + [unreachable] * amount
    for value in range(1, amount + 1):
        for coin in coins:
            if coin <= value and fewest[value - coin] + 1 < fewest[value]:
                fewest[value] = fewest[value - coin] + 1
    return fewest[amount] if fewest[amount] != unreachable else -1
`;
  const starterCode = 'def coin_change(coins, amount):\n    # Return the fewest coins.\n    return 0\n';
  const starter = {
    fingerprints: fingerprint(starterCode, 'python'),
    normalizedHashes: [normalizedHash(starterCode, 'python')],
  };
  const record = (sessionId: string, code: string) => ({
    sessionId,
    fingerprints: fingerprint(code, 'python'),
    normalizedHash: normalizedHash(code, 'python'),
  });
  const renamed = solution.replaceAll('fewest', 'table').replaceAll('unreachable', 'big');
  const edited = solution.replace('for coin in coins:', 'for coin in sorted(coins):');

  it('picks the identical submission over a merely similar one', () => {
    const own = record('s0', solution);
    const result = findBestMatch(own, [record('s1', edited), record('s2', renamed)], starter);
    expect(result).toEqual({ sessionId: 's2', similarity: 1, identical: true });
  });

  it('picks the most similar one, and the smaller session id on a tie', () => {
    const own = record('s0', solution);
    const best = findBestMatch(own, [record('s3', edited), record('s1', starterCode)], starter);
    expect(best?.sessionId).toBe('s3');
    expect(best?.identical).toBe(false);
    expect(best?.similarity).toBeGreaterThan(0.5);
    expect(best?.similarity).toBeLessThan(1);
    const tie = findBestMatch(own, [record('s9', edited), record('s4', edited)], starter);
    expect(tie?.sessionId).toBe('s4');
  });

  it('does not compare an untouched starter file or code too short to be evidence', () => {
    expect(findBestMatch(record('s0', starterCode), [record('s1', starterCode)], starter)).toBeNull();
    const short = 'def coin_change(coins, amount):\n    return -1\n';
    expect(findBestMatch(record('s0', short), [record('s1', short)], starter)).toBeNull();
    expect(findBestMatch(record('s0', solution), [], starter)).toBeNull();
  });
});
