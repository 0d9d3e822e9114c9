/**
 * Gathers the figures behind /api/health and /api/health/workers. Every probe has a short
 * deadline so a dead dependency makes the answer "unhealthy", never a hung request.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger.ts';
import { type QueueKey, type QueueName, queueContracts, queueNames } from '../../platform/queue/contracts.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import { assessWorkerHealth, type HealthStatus, type QueueFigures, sumQueueFigures } from './health-rules.ts';

/** How this process runs candidate code, as /api/health shows it. */
/** What /api/health says about the LLM provider. */
export interface LlmHealth {
  provider: string;
  model: string;
  breaker: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
}

export interface SandboxHealth {
  mode: 'inline' | 'queue';
  /** bwrap-userns | bwrap-root | unsafe | none, or `remote` when sandbox workers run the code. */
  driver: string;
  isolated: boolean;
  cgroups: string;
  languages: string[];
  concurrency: number;
  active: number;
  waiting: number;
  /** Interview sessions holding a warm Python sandbox (zygote) for their test runs. */
  sessionSandboxes: number;
  notes: string[];
}

/** What the health service needs to know about the platform. */
export interface HealthDependencies {
  /** The sandbox of this process (absent in processes that run no code). */
  sandbox?: () => SandboxHealth;
  /** The LLM provider and its circuit breaker (open = the provider failed repeatedly). */
  llm?: () => LlmHealth;
  database: { kind: string; ping(): Promise<number> };
  /** A fail-fast Redis connection (no offline queue). */
  redis: Redis;
  /** Queues opened on the fail-fast connection. */
  queues: QueueRegistry;
  logger: Logger;
  version: string;
  startedAt: Date;
  now?: () => Date;
  /** Deadline of each probe in milliseconds. */
  probeTimeoutMs?: number;
}

/** The seed's /api/health/workers shape, plus other queues, worker counts, totals and warnings. */
export interface WorkerHealthReport {
  status: HealthStatus;
  timestamp: string;
  responseTime: number;
  redis: { connected: boolean };
  queues: Partial<Record<QueueKey, QueueFigures | null>>;
  totals: QueueFigures | null;
  warnings: string[];
}

/** One dependency check of /api/health. */
export interface DependencyCheck {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
  /** The probe ran out of time without an error: the dependency is busy, not known to be down. */
  slow?: boolean;
}

/** The /api/health answer. */
export interface PlatformHealthReport {
  status: HealthStatus;
  timestamp: string;
  version: string;
  uptimeSeconds: number;
  checks: {
    database: DependencyCheck & { kind: string };
    redis: DependencyCheck;
    queues: { ok: boolean; status: HealthStatus; warnings: string[] };
    sandbox?: SandboxHealth & { ok: boolean };
    llm?: LlmHealth & { ok: boolean };
  };
}

class ProbeTimeout extends Error {}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProbeTimeout(`${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the health service. */
export function createHealthService(deps: HealthDependencies) {
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.probeTimeoutMs ?? 2_000;
  const logger = deps.logger.child({ component: 'health' });

  async function pingRedis(): Promise<DependencyCheck> {
    const started = performance.now();
    try {
      await withDeadline(deps.redis.ping(), timeoutMs, 'Redis');
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      logger.debug({ err: error }, 'Redis probe failed');
      return { ok: false, latencyMs: null, error: 'Redis is unreachable' };
    }
  }

  async function pingDatabase(): Promise<DependencyCheck> {
    try {
      return { ok: true, latencyMs: await withDeadline(deps.database.ping(), timeoutMs, 'database') };
    } catch (error) {
      if (error instanceof ProbeTimeout) {
        logger.warn({ err: error }, 'database probe timed out');
        return {
          ok: false,
          latencyMs: null,
          slow: true,
          error: `The database did not answer within ${timeoutMs} ms`,
        };
      }
      logger.warn({ err: error }, 'database probe failed');
      return { ok: false, latencyMs: null, error: 'The database is unreachable' };
    }
  }

  async function figuresOf(name: QueueName): Promise<QueueFigures> {
    const queue = deps.queues.queue(name);
    const [counts, workers] = await Promise.all([
      queue.getJobCounts('wait', 'prioritized', 'active', 'completed', 'failed', 'delayed'),
      queue.getWorkersCount(),
    ]);
    const count = (state: string) => counts[state] ?? 0;
    return {
      waiting: count('wait') + count('prioritized'),
      active: count('active'),
      completed: count('completed'),
      failed: count('failed'),
      delayed: count('delayed'),
      workers,
    };
  }

  async function collectWorkerHealth(): Promise<{ report: WorkerHealthReport; redis: DependencyCheck }> {
    const started = performance.now();
    const redis = await pingRedis();
    const byName: Record<string, QueueFigures> = {};
    let connected = redis.ok;
    if (connected) {
      try {
        const figures = await withDeadline(Promise.all(queueNames.map(figuresOf)), timeoutMs, 'queue counts');
        queueNames.forEach((name, index) => {
          const entry = figures[index];
          if (entry) byName[name] = entry;
        });
      } catch (error) {
        logger.warn({ err: error }, 'queue counts unavailable');
        connected = false;
      }
    }
    const responseTime = Math.round(performance.now() - started);
    const { status, warnings } = assessWorkerHealth({
      redisConnected: connected,
      queues: byName,
      responseTimeMs: responseTime,
    });
    const queues: Partial<Record<QueueKey, QueueFigures | null>> = {};
    for (const name of queueNames) queues[queueContracts[name].key] = byName[name] ?? null;
    const report: WorkerHealthReport = {
      status,
      timestamp: now().toISOString(),
      responseTime,
      redis: { connected },
      queues,
      totals: connected ? sumQueueFigures(Object.values(byName)) : null,
      warnings,
    };
    return {
      report,
      redis: connected ? redis : { ok: false, latencyMs: null, error: 'Redis is unreachable' },
    };
  }

  /** The worker-health report of the seed (GET /api/health/workers). */
  async function checkWorkers(): Promise<WorkerHealthReport> {
    return (await collectWorkerHealth()).report;
  }

  /** The platform report (GET /api/health): database, Redis and the queue verdict. */
  async function checkPlatform(): Promise<PlatformHealthReport> {
    const [database, { report: workers, redis }] = await Promise.all([pingDatabase(), collectWorkerHealth()]);
    const sandbox = deps.sandbox?.();
    // Without a working, isolated sandbox interviews cannot run code: degraded, not down, since
    // recruiters can still work.
    const sandboxOk = !sandbox || (sandbox.driver !== 'none' && sandbox.isolated);
    // An open breaker means AI features fail fast for now: degraded, the rest still works.
    const llm = deps.llm?.();
    const llmOk = llm?.breaker !== 'open';
    const worst = (a: HealthStatus, b: HealthStatus): HealthStatus =>
      a === 'unhealthy' || b === 'unhealthy'
        ? 'unhealthy'
        : a === 'degraded' || b === 'degraded'
          ? 'degraded'
          : 'healthy';
    // A database probe that only ran out of time (a busy pool or server, under load) is degraded:
    // answering 503 would make a load balancer pull the busiest instance, moving its load onto the
    // others. Refused or broken connections are unhealthy.
    const databaseStatus: HealthStatus = database.ok ? 'healthy' : database.slow ? 'degraded' : 'unhealthy';
    const status: HealthStatus = !redis.ok
      ? 'unhealthy'
      : worst(databaseStatus, worst(workers.status, sandboxOk && llmOk ? 'healthy' : 'degraded'));
    return {
      status,
      timestamp: now().toISOString(),
      version: deps.version,
      uptimeSeconds: Math.round((now().getTime() - deps.startedAt.getTime()) / 1000),
      checks: {
        database: { ...database, kind: deps.database.kind },
        redis,
        queues: { ok: workers.status !== 'unhealthy', status: workers.status, warnings: workers.warnings },
        ...(sandbox ? { sandbox: { ...sandbox, ok: sandboxOk } } : {}),
        ...(llm ? { llm: { ...llm, ok: llmOk } } : {}),
      },
    };
  }

  return { checkWorkers, checkPlatform };
}

export type HealthService = ReturnType<typeof createHealthService>;
