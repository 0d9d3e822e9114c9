/**
 * The notifier's throttle: one job per session per interval, and never a burst whose last events
 * are left without a job (the trailing send). The queue is a recorder of what would be enqueued.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import { createAgentNotifier, NOTIFY_INTERVAL_MS } from './agent-notifier.service.ts';

function recordingQueues() {
  const sent: Array<{ sessionId: string; eventSeq: number | undefined; at: number }> = [];
  const queues = {
    async enqueue(_name: string, payload: { sessionId: string; eventSeq?: number }) {
      sent.push({ sessionId: payload.sessionId, eventSeq: payload.eventSeq, at: Date.now() });
      return 'job';
    },
  } as unknown as QueueRegistry;
  return { queues, sent };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the interview-agent notifier', () => {
  it('sends the first notification at once and the last of a burst at the end of the interval', () => {
    const { queues, sent } = recordingQueues();
    const notify = createAgentNotifier({ queues, logger: testLogger, now: () => Date.now() });
    notify('s1', 10);
    vi.advanceTimersByTime(200);
    notify('s1', 20);
    vi.advanceTimersByTime(300);
    notify('s1', 30);
    expect(sent.map((entry) => entry.eventSeq)).toEqual([10]);
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS);
    // One trailing send, with the latest seq, one interval after the first.
    expect(sent).toEqual([
      { sessionId: 's1', eventSeq: 10, at: 1_000_000 },
      { sessionId: 's1', eventSeq: 30, at: 1_000_000 + NOTIFY_INTERVAL_MS },
    ]);
  });

  it('throttles each session on its own', () => {
    const { queues, sent } = recordingQueues();
    const notify = createAgentNotifier({ queues, logger: testLogger, now: () => Date.now() });
    notify('a', 1);
    notify('b', 1);
    notify('a', 2);
    expect(sent.map((entry) => entry.sessionId)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS);
    expect(sent.map((entry) => `${entry.sessionId}${entry.eventSeq}`)).toEqual(['a1', 'b1', 'a2']);
    // Quiet for an interval: the next one goes at once again.
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS);
    notify('b', 5);
    expect(sent.at(-1)).toMatchObject({ sessionId: 'b', eventSeq: 5 });
  });
});
