import { describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { createHttpServer } from '../http/server.ts';
import type { QueueJobCounts } from './queue-figures.ts';
import { addCollectedGauges, createMetrics, installHttpMetrics } from './registry.ts';

const idle: QueueJobCounts = {
  waiting: 0,
  active: 0,
  delayed: 0,
  prioritized: 0,
  paused: 0,
  completed: 0,
  failed: 0,
};

/** The exposition lines of one metric family (without HELP and TYPE). */
function linesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('createMetrics', () => {
  it('exposes job durations by queue and outcome and counts failures per queue', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeJob('notification', 'completed', 0.004);
    metrics.observeJob('notification', 'completed', 0.2);
    metrics.observeJob('evaluation-agent', 'failed', 42);
    const text = await metrics.registry.metrics();

    expect(text).toContain(
      'interviewlm_job_duration_seconds_bucket{le="0.005",queue="notification",outcome="completed"} 1',
    );
    expect(text).toContain(
      'interviewlm_job_duration_seconds_bucket{le="0.25",queue="notification",outcome="completed"} 2',
    );
    expect(text).toContain(
      'interviewlm_job_duration_seconds_count{queue="notification",outcome="completed"} 2',
    );
    expect(text).toContain(
      'interviewlm_job_duration_seconds_bucket{le="30",queue="evaluation-agent",outcome="failed"} 0',
    );
    expect(text).toContain(
      'interviewlm_job_duration_seconds_bucket{le="60",queue="evaluation-agent",outcome="failed"} 1',
    );
    expect(text).toContain(
      'interviewlm_job_duration_seconds_bucket{le="300",queue="evaluation-agent",outcome="failed"} 1',
    );
    expect(linesOf(text, 'interviewlm_job_failures_total')).toEqual([
      'interviewlm_job_failures_total{queue="evaluation-agent"} 1',
    ]);
  });

  it('ignores a duration that is not a finite, non-negative number but still counts the failure', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeJob('notification', 'failed', Number.NaN);
    metrics.observeJob('notification', 'completed', -1);
    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'interviewlm_job_duration_seconds_count')).toEqual([]);
    expect(text).toContain('interviewlm_job_failures_total{queue="notification"} 1');
  });

  it('collects the default Node process metrics into its own registry, so several can coexist', async () => {
    const first = createMetrics();
    const second = createMetrics();
    const [a, b] = await Promise.all([first.registry.metrics(), second.registry.metrics()]);
    expect(a).toContain('process_cpu_user_seconds_total');
    expect(b).toContain('nodejs_heap_size_used_bytes');
    expect(first.registry).not.toBe(second.registry);
  });
});

describe('addCollectedGauges', () => {
  it('reads queue jobs, dead letters and workers from the sources at scrape time', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let waiting = 3;
    addCollectedGauges(metrics, {
      queueCounts: async () => ({
        'interview-agent': { ...idle, waiting, active: 1 },
        notification: { ...idle, delayed: 2 },
      }),
      deadLetterCounts: async () => ({ 'interview-agent': 0, notification: 4 }),
      liveWorkers: async () => ({ 'interview-agent': 2, notification: 0 }),
    });

    const first = await metrics.registry.metrics();
    expect(first).toContain('interviewlm_queue_jobs{queue="interview-agent",state="waiting"} 3');
    expect(first).toContain('interviewlm_queue_jobs{queue="interview-agent",state="active"} 1');
    expect(first).toContain('interviewlm_queue_jobs{queue="notification",state="delayed"} 2');
    expect(linesOf(first, 'interviewlm_queue_jobs')).toHaveLength(14);
    expect(first).toContain('interviewlm_dead_letter_jobs{queue="notification"} 4');
    expect(first).toContain('interviewlm_queue_workers{queue="interview-agent"} 2');
    expect(linesOf(first, 'interviewlm_metrics_source_up')).toEqual([
      'interviewlm_metrics_source_up{source="queue_counts"} 1',
      'interviewlm_metrics_source_up{source="dead_letter_counts"} 1',
      'interviewlm_metrics_source_up{source="live_workers"} 1',
    ]);

    waiting = 0;
    const second = await metrics.registry.metrics();
    expect(second).toContain('interviewlm_queue_jobs{queue="interview-agent",state="waiting"} 0');
  });

  it('leaves only the failing source’s gauge empty and reports it down, and the scrape succeeds', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeJob('notification', 'completed', 0.01);
    let failing = true;
    addCollectedGauges(metrics, {
      queueCounts: async () => {
        if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        return { notification: { ...idle, waiting: 5 } };
      },
      deadLetterCounts: async () => ({ notification: 1 }),
      liveWorkers: async () => ({ notification: 1 }),
    });

    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'interviewlm_queue_jobs')).toEqual([]);
    expect(text).toContain('interviewlm_metrics_source_up{source="queue_counts"} 0');
    expect(text).toContain('interviewlm_dead_letter_jobs{queue="notification"} 1');
    expect(text).toContain('interviewlm_queue_workers{queue="notification"} 1');
    expect(text).toContain(
      'interviewlm_job_duration_seconds_count{queue="notification",outcome="completed"} 1',
    );
    expect(text).not.toContain('ECONNREFUSED');

    failing = false;
    const recovered = await metrics.registry.metrics();
    expect(recovered).toContain('interviewlm_queue_jobs{queue="notification",state="waiting"} 5');
    expect(recovered).toContain('interviewlm_metrics_source_up{source="queue_counts"} 1');
  });

  it('gives up on a source that hangs past the timeout instead of hanging the scrape', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    addCollectedGauges(
      metrics,
      {
        queueCounts: () => new Promise(() => {}),
        deadLetterCounts: async () => ({ notification: 1 }),
        liveWorkers: async () => ({ notification: 1 }),
      },
      { timeoutMs: 50 },
    );
    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'interviewlm_queue_jobs')).toEqual([]);
    expect(text).toContain('interviewlm_metrics_source_up{source="queue_counts"} 0');
    expect(text).toContain('interviewlm_metrics_source_up{source="dead_letter_counts"} 1');
  });

  it('asks each source once per scrape, though two gauges depend on it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let calls = 0;
    addCollectedGauges(metrics, {
      queueCounts: async () => {
        calls++;
        return {};
      },
      deadLetterCounts: async () => ({}),
      liveWorkers: async () => ({}),
    });
    await metrics.registry.metrics();
    expect(calls).toBe(1);
  });
});

describe('installHttpMetrics', () => {
  it('labels requests with the route pattern, never the raw URL, and unknown routes as unmatched', async () => {
    const app = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 1_000,
      version: 'test',
    });
    const metrics = createMetrics({ defaultMetrics: false });
    installHttpMetrics(app, metrics);
    app.get('/api/items/:id', async () => ({ ok: true }));
    await app.ready();
    try {
      await app.inject({ method: 'GET', url: '/api/items/42' });
      await app.inject({ method: 'GET', url: '/api/items/43?x=1' });
      await app.inject({ method: 'GET', url: '/no/such/path/9f8e7d' });
      const text = await metrics.registry.metrics();
      expect(text).toContain(
        'interviewlm_http_request_duration_seconds_count{method="GET",route="/api/items/:id",status_code="200"} 2',
      );
      expect(text).toContain(
        'interviewlm_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
      );
      expect(text).not.toContain('/api/items/42');
      expect(text).not.toContain('9f8e7d');
    } finally {
      await app.close();
    }
  });
});
