/**
 * Integrity on a real PostgreSQL database: fingerprints stored per (session, question) and compared
 * with other candidates of the same question in the same organization only, signals computed from
 * the stored timeline with evidence that points at real events, and idempotent re-runs.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createTestSession, type TestSession } from '../../../test/support/sessions.ts';
import type { Database } from '../../platform/db/client.ts';
import { codeFingerprints, sessionEvents } from '../../platform/db/schema/index.ts';
import { appendEvents, type EventInput } from '../interviews/index.ts';
import { assessSessionIntegrity, integrityThresholds } from './index.ts';

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
});

afterAll(async () => {
  await database?.drop();
});

const original = `def merge_intervals(intervals):
    # Sort by start, then sweep and merge overlapping ranges.
    ordered = sorted(intervals, key=lambda pair: pair[0])
    merged = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
`;

// The first candidate's code with every variable renamed, the comment rewritten and spacing changed.
const renamedCopy = `def merge_intervals(intervals):
    # my own approach!!
    xs = sorted(intervals, key=lambda p: p[0])
    out = []
    for a, b in xs:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1],   b)
        else:
            out.append([a, b])
    return out
`;

// An unrelated solution (a counting sweep instead of sorting and merging).
const independent = `def merge_intervals(intervals):
    events = {}
    for lo, hi in intervals:
        events[lo] = events.get(lo, 0) + 1
        events[hi] = events.get(hi, 0) - 1
    result, depth, opened = [], 0, None
    for point in sorted(events):
        before = depth
        depth += events[point]
        if before == 0 and depth > 0:
            opened = point
        elif before > 0 and depth == 0:
            result.append([opened, point])
    return result
`;

// Timeline times in seconds from one instant, so every session's events are in a known order and spacing.
const base = Date.now();
const at = (seconds: number) => new Date(base + seconds * 1000);

async function record(session: TestSession, events: Array<Omit<EventInput, 'questionId'>>): Promise<void> {
  await appendEvents(
    db,
    session.sessionId,
    events.map((event) => ({ ...event, questionId: session.questionId })),
  );
}

const finalCode = (session: TestSession, code: string) => [
  { questionId: session.questionId, language: session.language, code },
];

describe('assessSessionIntegrity', () => {
  let first: TestSession;
  let second: TestSession;

  beforeAll(async () => {
    first = await createTestSession(db);
    second = await createTestSession(db, {
      organizationId: first.organizationId,
      questionId: first.questionId,
    });
    for (const session of [first, second]) {
      await record(session, [
        { type: 'question.started', origin: 'system', data: {}, ts: at(1) },
        { type: 'question.submitted', origin: 'candidate', data: {}, ts: at(600) },
      ]);
    }
  });

  it('names the first session when the second submits its code with renamed variables (high risk)', async () => {
    const firstReport = await assessSessionIntegrity(db, {
      sessionId: first.sessionId,
      organizationId: first.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(first, original),
    });
    // Nobody to compare with yet.
    expect(firstReport).toEqual({ riskLevel: 'none', signals: [] });

    const report = await assessSessionIntegrity(db, {
      sessionId: second.sessionId,
      organizationId: second.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(second, renamedCopy),
    });
    expect(report.riskLevel).toBe('high');
    const [signal] = report.signals;
    expect(signal).toMatchObject({
      kind: 'identical_submission',
      severity: 'high',
      relatedSessionId: first.sessionId,
      value: 1,
    });
    expect(signal?.summary).toContain(first.question.title);
    // The evidence is the second session's own submission.
    const [submitted] = await db
      .select({ type: sessionEvents.type })
      .from(sessionEvents)
      .where(
        and(eq(sessionEvents.sessionId, second.sessionId), eq(sessionEvents.seq, signal?.eventSeq ?? -1)),
      );
    expect(submitted?.type).toBe('question.submitted');
  });

  it('reports a near copy as code similarity, and a different solution not at all', async () => {
    const nearCopy = await createTestSession(db, {
      organizationId: first.organizationId,
      questionId: first.questionId,
    });
    // The copy with one line changed: similar, no longer identical.
    const edited = renamedCopy.replace('out.append([a, b])', 'out.append([a, b + 0])');
    const report = await assessSessionIntegrity(db, {
      sessionId: nearCopy.sessionId,
      organizationId: nearCopy.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(nearCopy, edited),
    });
    expect(report.signals).toHaveLength(1);
    expect(report.signals[0]).toMatchObject({ kind: 'code_similarity' });
    expect([first.sessionId, second.sessionId]).toContain(report.signals[0]?.relatedSessionId);
    expect(report.signals[0]?.value).toBeGreaterThanOrEqual(integrityThresholds.similarityLow);
    expect(report.signals[0]?.value).toBeLessThan(1);

    const other = await createTestSession(db, {
      organizationId: first.organizationId,
      questionId: first.questionId,
    });
    const clean = await assessSessionIntegrity(db, {
      sessionId: other.sessionId,
      organizationId: other.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(other, independent),
    });
    expect(clean).toEqual({ riskLevel: 'none', signals: [] });
  });

  it('never compares with another organization', async () => {
    const elsewhere = await createTestSession(db, { questionId: first.questionId });
    expect(elsewhere.organizationId).not.toBe(first.organizationId);
    const report = await assessSessionIntegrity(db, {
      sessionId: elsewhere.sessionId,
      organizationId: elsewhere.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(elsewhere, original),
    });
    expect(report).toEqual({ riskLevel: 'none', signals: [] });
  });

  it('is idempotent: the same report and one fingerprint row per question', async () => {
    const input = {
      sessionId: second.sessionId,
      organizationId: second.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(second, renamedCopy),
    };
    const once = await assessSessionIntegrity(db, input);
    const twice = await assessSessionIntegrity(db, input);
    expect(twice).toEqual(once);
    const rows = await db
      .select({ sessionId: codeFingerprints.sessionId, questionId: codeFingerprints.questionId })
      .from(codeFingerprints)
      .where(inArray(codeFingerprints.sessionId, [first.sessionId, second.sessionId]));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.questionId))).toEqual(new Set([first.questionId]));
  });
});

describe('signals from the timeline', () => {
  it('a clean session is risk none', async () => {
    const session = await createTestSession(db);
    await record(session, [
      { type: 'question.started', origin: 'system', data: {}, ts: at(1) },
      {
        type: 'file.changed',
        origin: 'candidate',
        filePath: 'solution.py',
        data: { splice: { at: 0, deleteCount: 0, insert: 'def f(x):\n' }, added: 2, removed: 1, size: 10 },
        ts: at(20),
      },
      { type: 'integrity.paste', origin: 'candidate', data: { chars: 12 }, ts: at(40) },
      { type: 'integrity.focus_lost', origin: 'candidate', data: {}, ts: at(50) },
      { type: 'integrity.focus_gained', origin: 'candidate', data: { awayMs: 8_000 }, ts: at(58) },
      { type: 'question.submitted', origin: 'candidate', data: {}, ts: at(900) },
    ]);
    const report = await assessSessionIntegrity(db, {
      sessionId: session.sessionId,
      organizationId: session.organizationId,
      integrityMonitoring: true,
      finalCode: finalCode(session, independent),
    });
    expect(report).toEqual({ riskLevel: 'none', signals: [] });
  });

  it('two 500-character pastes and six minutes away are medium, with evidence at the real events', async () => {
    const session = await createTestSession(db);
    await record(session, [
      { type: 'question.started', origin: 'system', data: {}, ts: at(1) },
      { type: 'integrity.paste', origin: 'candidate', data: { chars: 500 }, ts: at(60) },
      { type: 'integrity.focus_lost', origin: 'candidate', data: {}, ts: at(100) },
      {
        type: 'integrity.focus_gained',
        origin: 'candidate',
        data: { awayMs: 360_000 },
        ts: at(460),
      },
      { type: 'integrity.paste', origin: 'candidate', data: { chars: 500 }, ts: at(470) },
      { type: 'question.submitted', origin: 'candidate', data: {}, ts: at(900) },
    ]);
    const input = {
      sessionId: session.sessionId,
      organizationId: session.organizationId,
      integrityMonitoring: true,
      // A new organization: nobody to compare with, so only the timeline speaks.
      finalCode: finalCode(session, original),
    };
    const report = await assessSessionIntegrity(db, input);
    expect(report.riskLevel).toBe('medium');
    expect(report.signals.map((signal) => [signal.kind, signal.severity])).toEqual([
      ['large_paste', 'medium'],
      ['focus_lost', 'medium'],
      ['large_paste', 'medium'],
    ]);
    expect(report.signals.find((signal) => signal.kind === 'focus_lost')?.summary).toContain(
      '6 min 0 s away',
    );

    const seqs = report.signals.map((signal) => signal.eventSeq ?? -1);
    const stored = await db
      .select({ seq: sessionEvents.seq, type: sessionEvents.type, data: sessionEvents.data })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, session.sessionId), inArray(sessionEvents.seq, seqs)));
    const typeOf = new Map(stored.map((row) => [row.seq, row.type]));
    expect(report.signals.map((signal) => typeOf.get(signal.eventSeq ?? -1))).toEqual([
      'integrity.paste',
      'integrity.focus_lost',
      'integrity.paste',
    ]);

    // Without browser monitoring the same timeline raises nothing (and the report says no more than it knows).
    expect(await assessSessionIntegrity(db, { ...input, integrityMonitoring: false })).toEqual({
      riskLevel: 'none',
      signals: [],
    });
    // Running again with monitoring gives the same report.
    expect(await assessSessionIntegrity(db, input)).toEqual(report);
  });
});
