/**
 * Composition root: builds config → platform → modules and starts the parts a process runs
 * (API, workers or both). Shutdown runs in the opposite order, gracefully.
 */
import { type ConnectionOptions, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from './config/env.ts';
import {
  createAuthGuard,
  createAuthService,
  type OutgoingEmail,
  registerAuditRoutes,
  registerAuthRoutes,
  registerMemberRoutes,
} from './modules/accounts/index.ts';
import { processSessionEvents } from './modules/agents/index.ts';
import {
  markAssessmentStarted,
  prewarmSlotsOf,
  registerAssessmentRoutes,
} from './modules/assessments/index.ts';
import {
  ASSISTANT_PURPOSE,
  createAssistantService,
  offlineAssistantAnswer,
  registerAssistantRoutes,
} from './modules/assistant/index.ts';
import {
  applyCreditChange,
  paddleCheckoutSettings,
  paddleCspSources,
  registerCreditRoutes,
  registerPaddleWebhookRoutes,
} from './modules/billing/index.ts';
import { registerCandidateRoutes } from './modules/candidates/index.ts';
import { registerDashboardRoutes } from './modules/dashboard/index.ts';
import { createEvaluationAgentProcessor, createEvaluationService } from './modules/evaluation/index.ts';
import {
  createAgentNotifier,
  createAssistantBridge,
  createCandidateAuthenticator,
  createInterviewAgentProcessor,
  createInterviewService,
  createTimelineService,
  createWorkspaceService,
  registerInterviewRoutes,
  registerTerminalRoutes,
  startDeadlineSweeper,
} from './modules/interviews/index.ts';
import {
  createAlertMonitor,
  createAlertService,
  createDeadLetterService,
  createHealthService,
  createMetricsHistory,
  createNotificationProcessor,
  type DeadLetterService,
  deadLetterAlertEvent,
  type OperatorAccess,
  registerBullBoard,
  registerDeadLetterRoutes,
  registerHealthRoutes,
  registerMetricsRoutes,
  registerOutboxRoutes,
  type SandboxHealth,
} from './modules/ops/index.ts';
import {
  createQuestionCache,
  createQuestionGenerationProcessor,
  createQuestionGenerator,
  ensureQuestionBank,
  loadBank,
  offlineQuestionAnswer,
  prewarmQuestionCache,
  promptTexts,
  type QuestionGenerator,
  registerQuestionCacheRoutes,
} from './modules/questions/index.ts';
import { registerReportRoutes } from './modules/reports/index.ts';
import {
  createCodeExecutionProcessor,
  createExecutionService,
  createSandbox,
  createSessionShell,
  type ExecutionService,
  probeSandbox,
  type Sandbox,
} from './modules/sandbox/index.ts';
import { type DatabaseHandle, openDatabase } from './platform/db/client.ts';
import { createHttpServer, type HttpServer } from './platform/http/server.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { createLlmClient } from './platform/llm/llm.service.ts';
import { isOfflineProvider } from './platform/llm/offline.driver.ts';
import { createLlmProvider } from './platform/llm/provider.driver.ts';
import type { Logger } from './platform/logger.ts';
import { createMailer } from './platform/mail/mailer.ts';
import { readLiveWorkers, readQueueCounts } from './platform/metrics/queue-figures.ts';
import {
  addCollectedGauges,
  createMetrics,
  installHttpMetrics,
  registerDatabasePoolGauge,
} from './platform/metrics/registry.ts';
import { parseQueueList, type QueueName, queueNames } from './platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from './platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from './platform/queue/worker-runner.ts';
import { createRedisConnection, redisOptionsForRole } from './platform/redis/connection.ts';
import { type EmbeddedRedis, startEmbeddedRedis } from './platform/redis/embedded-server.ts';

/** The version reported by /api/health and the OpenAPI document. */
export const platformVersion: string = packageJson.version;

/** What one process runs: everything, only the HTTP API, or only workers. */
export type ProcessRole = 'all' | 'api' | 'workers';

/** A started platform process. */
export interface RunningPlatform {
  /** Base URL of the HTTP API when this process serves it. */
  url: string | undefined;
  redisUrl: string;
  database: DatabaseHandle;
  queues: QueueRegistry;
  /** Runs candidate code: in this process's sandbox or through the code-execution queue. */
  execution: ExecutionService;
  /** Questions: generation (proved in the sandbox) behind the question cache. */
  questions: QuestionGenerator;
  /** The sandbox of this process, when it runs code itself. */
  sandbox: Sandbox | undefined;
  deadLetters: DeadLetterService;
  /** `METHOD /path` of every HTTP route this process serves (empty without an API). */
  routes: string[];
  /** Graceful shutdown; safe to call more than once. */
  stop(): Promise<void>;
}

/** Redis for this process: REDIS_URL, or a private server when one process runs everything. */
async function resolveRedis(
  config: Config,
  role: ProcessRole,
  logger: Logger,
): Promise<{ url: string; embedded?: EmbeddedRedis }> {
  if (config.redisUrl) return { url: config.redisUrl };
  if (role !== 'all') {
    throw new Error(
      'REDIS_URL is not set. Separate api and workers processes must share one Redis: start one ' +
        '(Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) and set ' +
        'REDIS_URL=redis://127.0.0.1:6379, or use `npm start` to run everything in one process.',
    );
  }
  const embedded = await startEmbeddedRedis({
    dataDir: config.dataDir,
    binary: config.redisServerBin,
    searchPath: config.searchPath,
    logger,
  });
  return { url: embedded.url, embedded };
}

/** Starts the platform parts for `role`; `afterMigrate` runs once the schema is current. */
export async function startPlatform(options: {
  config: Config;
  role: ProcessRole;
  logger: Logger;
  /** Queues this process works on (workers and all roles); default every queue. */
  workerQueues?: QueueName[];
  /** Processors replacing the platform's own (embedding, and fault tests that need a failing job). */
  processors?: Partial<ProcessorMap>;
  afterMigrate?: (database: DatabaseHandle) => Promise<void>;
}): Promise<RunningPlatform> {
  const { config, role, logger } = options;
  const cleanups: Array<() => Promise<void>> = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    }
  };

  try {
    const redis = await resolveRedis(config, role, logger);
    if (redis.embedded) {
      const embedded = redis.embedded;
      cleanups.push(() => embedded.stop());
    }
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      pool: config.databasePool,
    });
    cleanups.push(() => database.close());
    await database.migrate();
    logger.info({ kind: database.kind }, 'database migrations applied');
    await options.afterMigrate?.(database);
    // The curated bank ships with the code: an API that finds it missing loads it.
    if (role !== 'workers') await ensureQuestionBank(database.db, logger);

    const producer: Redis = createRedisConnection(redis.url, 'producer', logger);
    cleanups.push(async () => producer.disconnect());
    const queues = createQueueRegistry({ connection: producer, prefix: config.queuePrefix });
    cleanups.push(() => queues.close());

    // Unknown names in ALERT_CRITICAL_QUEUES are a configuration error, reported at start.
    parseQueueList(config.alerts.criticalQueues.join(','));
    const alerts = createAlertService({
      db: database.db,
      redis: producer,
      queues,
      prefix: config.queuePrefix,
      settings: config.alerts,
      logger,
    });
    await alerts.syncEnvironmentChannels();
    const mailer = createMailer({
      db: database.db,
      queues,
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      logger,
    });
    // A row stored while Redis was down stays `pending`; the sweeper queues it again after 2 minutes.
    cleanups.push(mailer.startSweeper());

    // Every process with workers moves its dead jobs; every process sweeps (one at a time, by lock).
    const deadLetters = createDeadLetterService({
      redis: producer,
      db: database.db,
      queues,
      prefix: config.queuePrefix,
      settings: config.deadLetter,
      logger,
      onDead: (notice) => alerts.raise(deadLetterAlertEvent(notice)),
    });
    deadLetters.startSweeper();
    cleanups.push(() => deadLetters.stop());
    const metrics = createMetrics();
    registerDatabasePoolGauge(metrics, () => database.poolStats());

    // A sandbox exists where code runs: a worker of `code-execution`, or an API in inline mode.
    const workerQueues = options.workerQueues ?? queueNames;
    const runsCodeJobs = role !== 'api' && workerQueues.includes('code-execution');
    const runsCodeInline = role !== 'workers' && config.sandbox.mode === 'inline';
    const sandbox = runsCodeJobs || runsCodeInline ? await createSandbox(config.sandbox, logger) : undefined;
    if (sandbox) cleanups.push(() => sandbox.close());

    // Code runs here when this process has a sandbox (API inline, or a code-execution worker), else
    // through the code-execution queue: question generation proves questions either way.
    let execution: ExecutionService;
    if (sandbox && (runsCodeInline || role === 'workers')) {
      execution = createExecutionService({ backend: { kind: 'inline', sandbox }, db: database.db });
    } else {
      const events = new QueueEvents('code-execution', {
        connection: redisOptionsForRole(redis.url, 'worker') as ConnectionOptions,
        prefix: config.queuePrefix,
      });
      events.on('error', () => {});
      cleanups.push(() => events.close());
      execution = createExecutionService({
        backend: { kind: 'queue', queue: queues.queue('code-execution'), events, timeoutMs: 60_000 },
        db: database.db,
      });
    }

    const llmProvider = createLlmProvider(config.llm, logger);
    if (isOfflineProvider(llmProvider)) {
      if (config.nodeEnv === 'production')
        logger.warn('no LLM provider configured: AI features answer offline');
      const bank = loadBank();
      llmProvider.registerResponder('question-generation', (request) => ({
        text: offlineQuestionAnswer(bank, promptTexts(request.messages)),
      }));
      llmProvider.registerResponder(ASSISTANT_PURPOSE, offlineAssistantAnswer);
    }
    const llm = createLlmClient({
      provider: llmProvider,
      db: database.db,
      logger,
      budgets: config.llm.budgets,
    });
    const questionCache = createQuestionCache({ redis: producer, prefix: config.queuePrefix });
    const questionGenerator = createQuestionGenerator({
      db: database.db,
      model: llm,
      run: (request) => execution.run(request, { origin: 'system' }),
      cache: questionCache,
      logger,
    });

    const authenticateCandidate = createCandidateAuthenticator(database.db);
    const interviews = createInterviewService({
      db: database.db,
      queues,
      execution,
      questions: questionGenerator,
      logger,
      // A resumed session's old credential must stop working at once here.
      onCredentialRotated: () => authenticateCandidate.forget(),
      // The plan of an assessment is frozen once its first candidate started.
      onSessionStarted: async (tx, assessmentId, at) => {
        await markAssessmentStarted(tx, assessmentId, at);
      },
    });
    const notifyInterviewAgent = createAgentNotifier({ queues, logger });

    const evaluationService = createEvaluationService({
      db: database.db,
      llm,
      logger,
      appUrl: config.appUrl,
      notify: (message) => mailer.send({ ...message, template: 'evaluation-ready' }),
    });

    let workers: WorkerPool | undefined;
    if (role !== 'api') {
      // Every queue's processor comes from the module that owns the queue.
      const processors: ProcessorMap = {
        'code-execution': sandbox
          ? createCodeExecutionProcessor(sandbox)
          : async () => {
              throw new Error('this process runs no code-execution worker');
            },
        notification: createNotificationProcessor(alerts, mailer),
        'question-generation': createQuestionGenerationProcessor(questionGenerator),
        'interview-agent': createInterviewAgentProcessor({
          interviews,
          others: async (payload) => ({
            applied: await processSessionEvents(database.db, payload.sessionId, logger),
          }),
          logger,
        }),
        'evaluation-agent': createEvaluationAgentProcessor(evaluationService),
      };
      workers = startWorkers({
        queues: workerQueues,
        processors: { ...processors, ...options.processors },
        redisUrl: redis.url,
        prefix: config.queuePrefix,
        logger,
        hooks: { onFinalFailure: deadLetters.onFinalFailure, onJobFinished: metrics.observeJob },
      });
      const pool = workers;
      cleanups.push(() => pool.close());
      const deadlines = startDeadlineSweeper({ db: database.db, interviews, logger });
      cleanups.push(() => deadlines.stop());
    }

    let http: HttpServer | undefined;
    const routes: string[] = [];
    let url: string | undefined;
    if (role !== 'workers') {
      // Health checks and rate-limit counters use a fail-fast connection: during a Redis outage
      // they must answer at once, not queue commands until it returns.
      const probe: Redis = createRedisConnection(redis.url, 'probe', logger);
      cleanups.push(async () => probe.disconnect());
      const probeQueues = createQueueRegistry({ connection: probe, prefix: config.queuePrefix });
      cleanups.push(() => probeQueues.close());
      http = await createHttpServer({
        logger,
        trustProxy: config.trustProxy,
        rateLimitPerMinute: config.rateLimitPerMinute,
        rateLimitRedis: probe,
        rateLimitPrefix: config.queuePrefix,
        version: platformVersion,
      });
      // Every route, as registered: the authorization matrix test reads this list.
      const routed = http;
      routed.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
      });
      // Before any route, so every route's latency is measured.
      installHttpMetrics(http, metrics);
      const guard = createAuthGuard({ db: database.db });
      // Operators: a signed-in platform operator, or OPERATOR_TOKEN.
      const operators: OperatorAccess = {
        token: config.operatorToken,
        async isOperatorSession(request) {
          const user = await guard.signedInUser(request).catch(() => undefined);
          return user ? (user.isPlatformAdmin ? 'operator' : 'other') : 'none';
        },
        async signedInOperatorId(request) {
          const user = await guard.signedInUser(request).catch(() => undefined);
          return user?.isPlatformAdmin ? user.userId : undefined;
        },
      };
      addCollectedGauges(metrics, {
        queueCounts: () => readQueueCounts(probeQueues),
        deadLetterCounts: () => deadLetters.counts(),
        liveWorkers: () => readLiveWorkers(probeQueues),
      });
      const history = createMetricsHistory({
        db: database.db,
        queues: probeQueues,
        deadLetterCounts: () => deadLetters.counts(),
        cacheHitRate: async () => {
          const stats = await questionCache.stats();
          return stats.hits + stats.misses === 0 ? null : stats.hitRate;
        },
        logger,
        intervalMs: config.metricsSampleIntervalMs,
        retentionDays: config.deadLetter.dbRetentionDays,
      });
      history.start();
      cleanups.push(() => history.stop());
      registerMetricsRoutes(http, { metrics, history, operatorToken: operators });
      registerBullBoard(http, { queues: probeQueues, operatorToken: operators, logger });
      registerQuestionCacheRoutes(http, { cache: questionCache, operatorToken: operators });
      const sendEmail = (email: OutgoingEmail) => mailer.send(email);
      registerAuthRoutes(http, {
        db: database.db,
        guard,
        auth: createAuthService({
          db: database.db,
          appUrl: config.appUrl,
          trialCredits: config.trialCredits,
          sendEmail,
          applyCreditChange,
        }),
      });
      registerMemberRoutes(http, { db: database.db, guard, appUrl: config.appUrl, sendEmail });
      registerAuditRoutes(http, { db: database.db, guard });
      registerDashboardRoutes(http, { db: database.db, guard });
      registerAssessmentRoutes(http, {
        db: database.db,
        guard,
        // Publishing a generated-question plan fills the question cache before candidates arrive.
        onPublished: async (assessment) => {
          await prewarmQuestionCache(queues, prewarmSlotsOf(assessment), assessment.organizationId);
        },
      });
      registerOutboxRoutes(http, { db: database.db, operatorToken: operators });
      registerCandidateRoutes(http, { db: database.db, guard, mailer, appUrl: config.appUrl, logger });
      registerReportRoutes(http, { db: database.db, guard, appUrl: config.appUrl });
      const paddleCheckout = paddleCheckoutSettings(config.paddleClientToken);
      registerCreditRoutes(http, { db: database.db, guard, paddleCheckout });
      const workspace = createWorkspaceService({
        db: database.db,
        execution,
        redis: producer,
        keyPrefix: config.queuePrefix,
        logger,
        onEventsRecorded: notifyInterviewAgent,
        onDeadlinePassed: (sessionId) => void interviews.submitAtDeadline(sessionId).catch(() => undefined),
      });
      const timeline = createTimelineService({
        db: database.db,
        onEventsRecorded: notifyInterviewAgent,
        // A third of the pool for event batches (bench/ingest), so a burst leaves the rest free.
        groupCommit: { maxInFlight: Math.max(1, Math.floor(config.databasePool.max / 3)) },
      });
      registerInterviewRoutes(http, {
        interviews,
        workspace,
        timeline,
        authenticate: authenticateCandidate,
        guard,
      });
      // The terminal and the assistant's commands run in this process, next to the WebSocket: on
      // the sandbox of an inline API, or on a probe of its own when code runs on workers.
      const shellEnvironment = sandbox?.environment ?? (await probeSandbox(config.sandbox));
      const shell = createSessionShell({
        environment: shellEnvironment,
        // Its own uid range, clear of the sandbox slots' uids.
        settings: { uidBase: config.sandbox.uidBase + 10_000 },
        logger,
      });
      cleanups.push(() => shell.close());
      await registerTerminalRoutes(http, {
        db: database.db,
        shell,
        workspace,
        timeline,
        authenticate: authenticateCandidate,
        logger,
      });
      const assistantBridge = createAssistantBridge({
        db: database.db,
        workspace,
        timeline,
        authenticate: authenticateCandidate,
        runCommand: (input) => shell.runShellCommand(input),
      });
      registerAssistantRoutes(http, {
        service: createAssistantService({
          db: database.db,
          llm,
          workspace: assistantBridge.workspace,
          logger,
        }),
        authenticate: assistantBridge.authenticate,
      });
      registerPaddleWebhookRoutes(http, { db: database.db, secret: config.paddleWebhookSecret, logger });
      const sandboxHealth = (): SandboxHealth =>
        sandbox && runsCodeInline
          ? { mode: 'inline', ...sandbox.info, ...sandbox.load() }
          : {
              mode: 'queue',
              driver: 'remote',
              isolated: true,
              cgroups: 'none',
              languages: [],
              concurrency: 0,
              notes: [],
              active: 0,
              waiting: 0,
              sessionSandboxes: 0,
            };
      const health = createHealthService({
        sandbox: sandboxHealth,
        llm: () => {
          const breaker = llm.breakerState();
          return {
            provider: llm.provider,
            model: llm.defaultModel,
            breaker: breaker.state,
            consecutiveFailures: breaker.consecutiveFailures,
          };
        },
        database,
        redis: probe,
        queues: probeQueues,
        logger,
        version: platformVersion,
        startedAt: new Date(),
      });
      registerHealthRoutes(http, health);
      const monitor = createAlertMonitor({
        checkWorkers: () => health.checkWorkers(),
        deadLetters,
        alerts,
        intervalMs: config.metricsSampleIntervalMs,
        logger,
      });
      monitor.start();
      cleanups.push(() => monitor.stop());
      registerDeadLetterRoutes(http, { deadLetters, operatorToken: operators });
      // Last, so it shadows no API route: the browser app with its SPA fallback; `GET /` still
      // answers JSON clients with the API's index.
      await registerWebApp(http, {
        apiIndex: {
          name: 'InterviewLM',
          version: platformVersion,
          docs: '/docs',
          health: '/api/health',
          workers: '/api/health/workers',
        },
        cspAdditions: paddleCheckout ? paddleCspSources(paddleCheckout.environment) : undefined,
        logger,
      });
      await http.listen({ port: config.port, host: config.host });
      const server = http;
      cleanups.push(() => server.close());
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
      logger.info(
        { url, docs: `${url}/docs` },
        `InterviewLM ${role === 'all' ? 'is running' : 'API is listening'} at ${url}`,
      );
    }

    if (role === 'workers' && config.metricsPort !== undefined) {
      // A workers-only process has no API; its job metrics need a port of their own.
      const metricsServer = await createHttpServer({
        logger,
        trustProxy: config.trustProxy,
        rateLimitPerMinute: config.rateLimitPerMinute,
        version: platformVersion,
      });
      // No accounts in a workers-only process: the token is how Prometheus scrapes it.
      registerMetricsRoutes(metricsServer, { metrics, operatorToken: config.operatorToken });
      await metricsServer.listen({ port: config.metricsPort, host: config.host });
      cleanups.push(() => metricsServer.close());
      logger.info({ port: config.metricsPort }, 'worker metrics served at /metrics');
    }

    let stopped: Promise<void> | undefined;
    return {
      routes,
      url,
      redisUrl: redis.url,
      database,
      queues,
      execution,
      questions: questionGenerator,
      sandbox,
      deadLetters,
      stop() {
        stopped ??= (async () => {
          logger.info('shutting down: no new jobs; waiting for active ones');
          if (workers && !(await workers.drain(config.shutdownTimeoutMs))) {
            logger.warn(
              { deadlineMs: config.shutdownTimeoutMs },
              'active jobs still running at the deadline; forcing',
            );
          }
          // Cleanups run in reverse: HTTP, workers, queues and Redis connections, database, Redis server.
          await runCleanups();
          logger.info('shutdown complete');
        })();
        return stopped;
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
