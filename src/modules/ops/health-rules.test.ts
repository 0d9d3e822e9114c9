import { describe, expect, it } from 'vitest';
import { assessWorkerHealth, type QueueFigures, sumQueueFigures } from './health-rules.ts';

const idle = (overrides: Partial<QueueFigures> = {}): QueueFigures => ({
  waiting: 0,
  active: 0,
  completed: 0,
  failed: 0,
  delayed: 0,
  workers: 1,
  ...overrides,
});

describe('assessWorkerHealth', () => {
  it('is healthy when Redis answers, every queue has a worker and nothing piles up', () => {
    const result = assessWorkerHealth({
      redisConnected: true,
      queues: { a: idle(), b: idle({ active: 3 }) },
      responseTimeMs: 12,
    });
    expect(result).toEqual({ status: 'healthy', warnings: [] });
  });

  it('is unhealthy when Redis is unreachable', () => {
    const result = assessWorkerHealth({ redisConnected: false, queues: {}, responseTimeMs: 5 });
    expect(result.status).toBe('unhealthy');
    expect(result.warnings[0]).toMatch(/Redis is unreachable/);
  });

  it('is unhealthy when jobs wait and no worker is alive to take them', () => {
    const result = assessWorkerHealth({
      redisConnected: true,
      queues: { 'evaluation-agent': idle({ waiting: 2, workers: 0 }) },
      responseTimeMs: 5,
    });
    expect(result.status).toBe('unhealthy');
    expect(result.warnings).toEqual(['evaluation-agent: 2 job(s) waiting and no live worker']);
  });

  it('is degraded for an idle queue without workers, a backlog, many failures or a slow check', () => {
    expect(
      assessWorkerHealth({ redisConnected: true, queues: { q: idle({ workers: 0 }) }, responseTimeMs: 5 })
        .status,
    ).toBe('degraded');
    expect(
      assessWorkerHealth({ redisConnected: true, queues: { q: idle({ waiting: 101 }) }, responseTimeMs: 5 })
        .status,
    ).toBe('degraded');
    expect(
      assessWorkerHealth({ redisConnected: true, queues: { q: idle({ waiting: 100 }) }, responseTimeMs: 5 })
        .status,
    ).toBe('healthy');
    const failures = assessWorkerHealth({
      redisConnected: true,
      queues: { a: idle({ failed: 6 }), b: idle({ failed: 5 }) },
      responseTimeMs: 5,
    });
    expect(failures).toEqual({ status: 'degraded', warnings: ['11 failed jobs in total (> 10)'] });
    expect(
      assessWorkerHealth({ redisConnected: true, queues: { q: idle() }, responseTimeMs: 5_001 }).status,
    ).toBe('degraded');
  });

  it('lets unhealthy win over degraded and lists critical warnings first', () => {
    const result = assessWorkerHealth({
      redisConnected: true,
      queues: { a: idle({ waiting: 150 }), b: idle({ waiting: 1, workers: 0 }) },
      responseTimeMs: 5,
    });
    expect(result.status).toBe('unhealthy');
    expect(result.warnings[0]).toMatch(/^b: 1 job\(s\) waiting and no live worker/);
    expect(result.warnings).toHaveLength(2);
  });
});

describe('sumQueueFigures', () => {
  it('adds every field', () => {
    expect(sumQueueFigures([idle({ waiting: 1, failed: 2 }), idle({ waiting: 3, completed: 4 })])).toEqual({
      waiting: 4,
      active: 0,
      completed: 4,
      failed: 2,
      delayed: 0,
      workers: 2,
    });
  });
});
