/**
 * Load and soak (issue 10): the platform as production runs it — an API process and a workers
 * process on a fresh PostgreSQL database, the fake LLM server as the Anthropic provider — under N
 * simulated candidates and a few recruiters for a set time, then the figures: p50/p99 and errors
 * per route, events sent against events stored (counted in the database), memory of each process
 * over time, and the verdicts against the issue's targets. Writes a JSON result to bench/results/.
 *
 *   npx tsx bench/load.bench.ts --candidates 500 --duration 600     # the issue's run
 *   npm run bench -- load                                            # the same, sized by LOAD_* variables
 *
 * Exit code 1 when events were lost or any request failed (with --strict also when the p99 or the
 * memory target is missed). Not part of a plain `npm run bench`: it runs for minutes, not seconds.
 * The parts are in bench/load/ (see the comment at the top of each).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/platform/logger.ts';
import { findFreePort } from '../src/platform/redis/embedded-server.ts';
import { startFakeLlmServer } from '../test/support/fake-llm-server.ts';
import { createCandidate, type SimulatedCandidate } from './load/candidate.ts';
import { createLoadHttpClient, type LoadHttpClient } from './load/http-client.ts';
import { type LoadOptions, loadUsage, parseLoadOptions } from './load/options.ts';
import {
  createProcessSampler,
  getText,
  logFindings,
  machineBusySeconds,
  type PlatformChild,
  startPlatformChild,
} from './load/processes.ts';
import { createRecorder, median, percentile } from './load/recorder.ts';
import { createRecruiter, type SimulatedRecruiter } from './load/recruiter.ts';
import {
  judge,
  memoryTable,
  memoryVerdict,
  minuteTable,
  routeFigures,
  routeTable,
  type Sample,
  serverSideLatency,
  verdictLines,
} from './load/report.ts';
import {
  createConnectionSampler,
  createOrganization,
  type Organization,
  publishAndInvite,
  scriptAssistant,
  storedEvents,
} from './load/setup.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { createFreshDatabase, deleteRedisKeys } from './scratch-services.ts';
import { formatTable } from './table.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Environment of a platform process: only what it needs, nothing of the developer's own setup. */
function platformEnv(common: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    const value = process.env[key];
    if (value) inherited[key] = value;
  }
  return { ...inherited, ...common, ...extra };
}

/** Reads the API's sandbox load and the queues' waiting jobs; null when not available. */
async function platformState(client: LoadHttpClient): Promise<Pick<Sample, 'sandbox' | 'queuesWaiting'>> {
  const [health, workers] = await Promise.all([
    client.request('GET', '/api/health', { timeoutMs: 5_000 }),
    client.request('GET', '/api/health/workers', { timeoutMs: 5_000 }),
  ]);
  let sandbox: Sample['sandbox'] = null;
  let queuesWaiting: Sample['queuesWaiting'] = null;
  try {
    const checks = (
      JSON.parse(health.text) as { checks?: { sandbox?: { active?: number; waiting?: number } } }
    ).checks;
    if (typeof checks?.sandbox?.active === 'number') {
      sandbox = { active: checks.sandbox.active, waiting: checks.sandbox.waiting ?? 0 };
    }
  } catch {
    // not JSON: left null
  }
  try {
    const queues =
      (JSON.parse(workers.text) as { queues?: Record<string, { waiting: number }> }).queues ?? {};
    queuesWaiting = Object.fromEntries(
      Object.entries(queues).map(([name, counts]) => [name, counts.waiting]),
    );
  } catch {
    // left null
  }
  return { sandbox, queuesWaiting };
}

/** Everything a run produced; `passed` is the exit verdict. */
export interface LoadOutcome {
  report: BenchmarkReport;
  resultFile: string;
  passed: boolean;
  failures: string[];
}

/** Runs the whole scenario: set up, load, drain, count, tear down. */
export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const startedAt = new Date();
  const loadAverageStart = os.loadavg();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'interviewlm-load-'));
  const prefix = `bench-load-${process.pid}-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'silent', name: 'load' });
  const operatorToken = randomBytes(24).toString('hex');
  const setupStarted = performance.now();
  const notes: string[] = [];

  const database = await createFreshDatabase(options.adminDatabaseUrl, 'ilm_load');
  const llm = await startFakeLlmServer();
  scriptAssistant(llm, options.llmDelayMs);
  let api: PlatformChild | undefined;
  let workers: PlatformChild | undefined;
  let client: LoadHttpClient | undefined;
  let organization: Organization | undefined;
  let keepWorkDir = true;
  let closeConnections: () => Promise<unknown> = async () => undefined;
  try {
    const apiPort = await findFreePort();
    const workersMetricsPort = await findFreePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // The session's time limit comfortably outlasts the run, so no deadline ends an interview midway.
    const durationMinutes = Math.min(480, Math.max(30, Math.ceil(options.durationSeconds / 60) + 30));
    const common = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      APP_URL: apiUrl,
      DATA_DIR: path.join(workDir, 'data'),
      // Separate processes must share the signing secret (see README) and the operator token.
      SESSION_SECRET: randomBytes(32).toString('hex'),
      OPERATOR_TOKEN: operatorToken,
      LOG_LEVEL: 'warn',
      // All simulated browsers share 127.0.0.1: the per-IP limit (600/min by default) would stop them.
      RATE_LIMIT_PER_MINUTE: '100000000',
      LLM_PROVIDER: 'anthropic',
      ANTHROPIC_API_KEY: 'load-bench-key',
      ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
      SANDBOX_MODE: options.sandboxMode,
      ...(options.dbPool > 0 ? { DATABASE_POOL_MAX: String(options.dbPool) } : {}),
    };
    // Each process's sandbox gets a uid range of its own, clear of the default one other runs use.
    api = startPlatformChild(
      'api',
      platformEnv(common, { PORT: String(apiPort), SANDBOX_UID_BASE: '63000' }),
      path.join(workDir, 'api.log'),
    );
    await withTimeout(api.ready, READY_TIMEOUT_MS, 'starting the API process');
    // After the API: it has migrated the database, so the two do not race on migrations.
    workers = startPlatformChild(
      'workers',
      platformEnv(common, {
        PORT: String(apiPort),
        METRICS_PORT: String(workersMetricsPort),
        SANDBOX_UID_BASE: '63300',
      }),
      path.join(workDir, 'workers.log'),
    );
    await withTimeout(workers.ready, READY_TIMEOUT_MS, 'starting the workers process');

    organization = await createOrganization(database.url, options.candidates, options.recruiters, logger);
    // One socket per simulated browser, as each browser has its own connection.
    client = createLoadHttpClient(apiUrl, options.candidates + options.recruiters + 8);
    const http = client;
    const { assessmentId, invitations } = await publishAndInvite(
      http,
      organization.owner,
      options.candidates,
      durationMinutes,
    );
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // --- the load -------------------------------------------------------------------------------
    const loadStarted = performance.now();
    const clock = () => (performance.now() - loadStarted) / 1000;
    const recorder = createRecorder(clock, options.sampleEverySeconds);
    const candidates: SimulatedCandidate[] = invitations.map((invitation) =>
      createCandidate({
        client: http,
        recorder,
        load: options,
        token: invitation.token,
        candidateId: invitation.candidateId,
      }),
    );
    const startedIds: string[] = [];
    let stopping = false;
    let failedStarts = 0;
    const startTimers: NodeJS.Timeout[] = [];
    const starts = candidates.map(
      (candidate, index) =>
        new Promise<void>((resolve) => {
          startTimers.push(
            setTimeout(
              () => {
                if (stopping) return resolve();
                candidate.start().then((ok) => {
                  if (ok && !stopping) {
                    candidate.begin();
                    startedIds.push(invitations[index]?.candidateId ?? '');
                  } else if (!ok) failedStarts += 1;
                  resolve();
                }, resolve);
              },
              Math.random() * options.rampSeconds * 1000,
            ),
          );
        }),
    );
    const recruiters: SimulatedRecruiter[] = organization.recruiters.map((member) =>
      createRecruiter({
        client: http,
        recorder,
        member,
        assessmentId,
        candidateIds: () => startedIds,
        everySeconds: options.recruiterEverySeconds,
      }),
    );
    for (const recruiter of recruiters) recruiter.begin();

    // Sampling: the processes, this generator, the machine, the sandbox and the queues.
    const sampleApi = createProcessSampler(api.pid, `${apiUrl}/metrics`, operatorToken);
    const sampleWorkers = createProcessSampler(
      workers.pid,
      `http://127.0.0.1:${workersMetricsPort}/metrics`,
      operatorToken,
    );
    const connections = createConnectionSampler(database.url, database.name);
    closeConnections = connections.close;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let generatorCpu = process.cpuUsage();
    let machine = { at: performance.now(), busy: machineBusySeconds() };
    const samples: Sample[] = [];
    const takeSample = async () => {
      const atSeconds = clock();
      const [apiSample, workersSample, state, connectionStates] = await Promise.all([
        sampleApi(),
        sampleWorkers(),
        platformState(http),
        connections.sample(),
      ]);
      const cpu = process.cpuUsage(generatorCpu);
      generatorCpu = process.cpuUsage();
      const now = { at: performance.now(), busy: machineBusySeconds() };
      const elapsed = (now.at - machine.at) / 1000;
      const memory = process.memoryUsage();
      samples.push({
        atSeconds,
        api: apiSample,
        workers: workersSample,
        generator: {
          rssMb: memory.rss / 1024 / 1024,
          heapUsedMb: memory.heapUsed / 1024 / 1024,
          cpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
          eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        },
        machineCpuCores: (now.busy - machine.busy) / elapsed,
        loadAverage1: os.loadavg()[0] ?? Number.NaN,
        ...state,
        database: connectionStates,
      });
      machine = now;
      loopDelay.reset();
      // The fake server keeps every request it saw; forget them so the generator's memory stays flat.
      llm.reset();
      scriptAssistant(llm, options.llmDelayMs);
    };
    // A sample that does not come back (a probe stuck on a saturated process) is skipped, never
    // waited for: the run must end on time. Each sample prints a progress line.
    const sampleOrSkip = () =>
      withTimeout(takeSample(), 15_000, 'a sample').then(
        () => {
          const last = samples.at(-1);
          if (last)
            process.stdout.write(
              `[load] ${Math.round(last.atSeconds)} s: API RSS ${Math.round(last.api?.rssMb ?? 0)} MB, workers RSS ${Math.round(last.workers?.rssMb ?? 0)} MB, load ${last.loadAverage1.toFixed(1)}\n`,
            );
        },
        (error: unknown) => process.stdout.write(`[load] sample skipped: ${(error as Error).message}\n`),
      );
    let sampling = sampleOrSkip();
    const sampler = setInterval(() => {
      sampling = sampling.then(sampleOrSkip);
    }, options.sampleEverySeconds * 1000);

    await sleep(options.durationSeconds * 1000);
    clearInterval(sampler);
    await sampling;
    await sampleOrSkip();
    stopping = true;
    for (const timer of startTimers) clearTimeout(timer);
    await Promise.all(
      starts.map((start) => withTimeout(start, 60_000, 'a candidate start').catch(() => undefined)),
    );
    await withTimeout(
      Promise.all([
        ...candidates.map((candidate) => candidate.stop()),
        ...recruiters.map((each) => each.stop()),
      ]),
      120_000,
      'stopping the simulated users',
    ).catch((error: unknown) => process.stdout.write(`[load] ${(error as Error).message}; going on\n`));
    loopDelay.disable();
    const loadSeconds = clock();

    // --- drain and count ------------------------------------------------------------------------
    const drainDeadline = performance.now() + options.drainSeconds * 1000;
    await Promise.all(candidates.map((candidate) => candidate.drain(drainDeadline)));
    const active = candidates.filter((candidate) => candidate.sessionId !== '');
    const stored = await storedEvents(
      database.url,
      active.map((candidate) => candidate.sessionId),
    );
    let generated = 0;
    let acknowledged = 0;
    let storedClientEvents = 0;
    let lost = 0;
    let extra = 0;
    let notDelivered = 0;
    let gapSessions = 0;
    let batches = 0;
    let retriedBatches = 0;
    const skipped = { run: 0, chat: 0, save: 0 };
    const runStatuses: Record<string, number> = {};
    const mismatches: string[] = [];
    for (const candidate of active) {
      const figures = candidate.figures();
      const row = stored.get(candidate.sessionId);
      const inDatabase = row?.clientEvents ?? 0;
      generated += figures.generated;
      acknowledged += figures.acknowledged;
      storedClientEvents += inDatabase;
      notDelivered += figures.pending;
      lost += Math.max(0, figures.generated - inDatabase);
      extra += Math.max(0, inDatabase - figures.generated);
      if (row && !row.gapFree) gapSessions += 1;
      if (inDatabase !== figures.generated && mismatches.length < 10) {
        mismatches.push(
          `${candidate.sessionId}: generated ${figures.generated}, stored ${inDatabase}, pending ${figures.pending}`,
        );
      }
      batches += figures.batches;
      retriedBatches += figures.retriedBatches;
      skipped.run += figures.skipped.run;
      skipped.chat += figures.skipped.chat;
      skipped.save += figures.skipped.save;
      for (const [status, count] of figures.runStatuses)
        runStatuses[status] = (runStatuses[status] ?? 0) + count;
    }

    // The API's own histogram of the hottest route, before the process goes away.
    const serverEvents = await getText(`${apiUrl}/metrics`, operatorToken).then(
      (text) => serverSideLatency(text, '/api/interview/:id/events/batch'),
      () => undefined,
    );

    // --- stop the platform (a failed graceful shutdown is a finding too) -------------------------
    const apiExit = await api.stop();
    const workersExit = await workers.stop();
    const stoppedApi = api;
    const stoppedWorkers = workers;
    api = undefined;
    workers = undefined;
    const logs = { api: logFindings(stoppedApi.logFile), workers: logFindings(stoppedWorkers.logFile) };
    for (const [role, found] of Object.entries(logs)) {
      notes.push(
        `${role} log: ${found.warnings} warnings, ${found.errors} errors${found.top.length > 0 ? ` (${found.top.map(([message, count]) => `${count} x ${message}`).join('; ')})` : ''}`,
      );
    }
    if (apiExit !== 0) notes.push(`the API process exited with ${apiExit} on SIGTERM`);
    if (workersExit !== 0) notes.push(`the workers process exited with ${workersExit} on SIGTERM`);

    // --- figures and verdicts ---------------------------------------------------------------------
    const routes = routeFigures(recorder.routes());
    const requests = routes
      .filter((route) => !route.route.includes('first SSE event'))
      .reduce((total, route) => total + route.requests, 0);
    const errors = routes.reduce((total, route) => total + route.errors, 0);
    const eventsRoute = recorder.routes().find((route) => route.key === 'events');
    const eventsP99Ms = percentile(eventsRoute?.latencies ?? [], 0.99);
    const memory = [
      memoryVerdict(samples, 'api', options.durationSeconds),
      memoryVerdict(samples, 'workers', options.durationSeconds),
    ];
    const verdicts = judge({ lostEvents: lost + extra, requests, errors, eventsP99Ms, memory });
    const failures: string[] = [];
    if (!verdicts.lostEvents.met) failures.push(`${lost} events lost, ${extra} stored more than once`);
    if (gapSessions > 0) failures.push(`${gapSessions} sessions with gaps in their seq numbers`);
    if (!verdicts.errorRate.met) failures.push(`${errors} failed requests`);
    if (failedStarts > 0) failures.push(`${failedStarts} candidates could not start`);
    if (options.strict && !verdicts.eventsP99.met) failures.push('event ingestion p99 target missed');
    if (options.strict && verdicts.flatMemory.met === false) failures.push('flat memory target missed');
    if (apiExit !== 0 || workersExit !== 0) failures.push('a platform process did not shut down cleanly');
    const passed = failures.length === 0;

    const windows = recorder.windows();
    // Starts are the heaviest requests: the ramp's burst of them is reported apart from the rest.
    const afterRamp = windows
      .filter(
        (window) =>
          window.atSeconds >=
          Math.ceil(options.rampSeconds / options.sampleEverySeconds) * options.sampleEverySeconds,
      )
      .flatMap((window) => window.eventLatencies);
    const steadyEvents = {
      from: Math.ceil(options.rampSeconds / options.sampleEverySeconds) * options.sampleEverySeconds,
      batches: afterRamp.length,
      p50Ms: median(afterRamp),
      p99Ms: percentile(afterRamp, 0.99),
    };
    const table = routeTable(routes);
    const failureLines = routes
      .filter((route) => route.errors > 0)
      .map(
        (route) =>
          `  ${route.route}: ${Object.entries(route.failures)
            .map(([reason, count]) => `${count} x ${reason}`)
            .join(', ')}`,
      );
    const lines = [
      `${options.candidates} candidates (${active.length} started, ramp ${options.rampSeconds.toFixed(0)} s), ${options.recruiters} recruiters, ${loadSeconds.toFixed(0)} s of load after ${setupSeconds.toFixed(1)} s of set-up; API and workers in separate processes, sandbox ${options.sandboxMode}; RATE_LIMIT_PER_MINUTE raised to 100000000 (one IP sends everything)`,
      `each candidate: events every ${options.batchEverySeconds} s (mean ${options.batchEvents} per batch), autosave every ${options.saveEverySeconds || '-'} s, save + test run every ${options.runEverySeconds} s, AI chat every ${options.chatEverySeconds} s (fake model waits ${options.llmDelayMs} ms); recruiter page every ~${options.recruiterEverySeconds} s`,
      ...(failureLines.length > 0 ? ['failures by route:', ...failureLines] : []),
      `events: generated ${generated}, acknowledged ${acknowledged}, stored ${storedClientEvents} (database count) -> lost ${lost}, stored twice ${extra}, still queued after the ${options.drainSeconds} s drain ${notDelivered}; sessions with seq gaps ${gapSessions}`,
      ...(mismatches.length > 0
        ? ['mismatched sessions (first 10):', ...mismatches.map((line) => `  ${line}`)]
        : []),
      serverEvents
        ? `events/batch inside the API (its /metrics histogram, no client or socket queueing): ${serverEvents.count} requests, p50 <= ${serverEvents.p50AtMostMs} ms, p99 <= ${serverEvents.p99AtMostMs} ms (bucket bounds)`
        : 'events/batch inside the API: /metrics could not be read',
      `events/batch after the ramp (from ${steadyEvents.from} s, all candidates started): ${steadyEvents.batches} batches, p50 ${steadyEvents.p50Ms.toFixed(1)} ms, p99 ${steadyEvents.p99Ms.toFixed(1)} ms`,
      `batches ${batches} (${retriedBatches} retries); skipped turns (previous one still running): run ${skipped.run}, chat ${skipped.chat}, save ${skipped.save}; test run statuses ${JSON.stringify(runStatuses)}`,
      '',
      'per minute (medians of the samples; CPU in cores of the 2: API / workers / load generator / whole machine):',
      minuteTable(windows, samples, loadSeconds),
      '',
      'memory (RSS from /proc, heap from each process /metrics; first minute = warm-up):',
      memoryTable(memory),
      `API RSS with its sandbox processes: median ${median(samples.map((sample) => sample.api.treeRssMb)).toFixed(0)} MB; load average ${loadAverageStart.map((value) => value.toFixed(2)).join(' ')} at the start, ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')} at the end`,
      ...notes,
      '',
      ...verdictLines(verdicts),
    ];

    const resultFile = path.join(
      options.resultsDir,
      `load-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
    );
    mkdirSync(options.resultsDir, { recursive: true });
    writeFileSync(
      resultFile,
      `${JSON.stringify(
        {
          benchmark: 'load',
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          machine: {
            cpus: os.cpus().length,
            model: os.cpus()[0]?.model.trim(),
            node: process.version,
            loadAverageStart,
            loadAverageEnd: os.loadavg(),
          },
          options: { ...options, adminDatabaseUrl: undefined },
          setupSeconds,
          loadSeconds,
          routes,
          events: {
            generated,
            acknowledged,
            stored: storedClientEvents,
            lost,
            storedTwice: extra,
            notDelivered,
            gapSessions,
            batches,
            retriedBatches,
          },
          candidates: {
            invited: options.candidates,
            started: active.length,
            failedStarts,
            skipped,
            runStatuses,
          },
          memory,
          serverSideEvents: serverEvents ?? null,
          eventsAfterRamp: steadyEvents,
          samples,
          windows: windows.map((window) => ({
            atSeconds: window.atSeconds,
            requests: window.requests,
            errors: window.errors,
            eventsP50Ms: median(window.eventLatencies),
            eventsP99Ms: percentile(window.eventLatencies, 0.99),
          })),
          verdicts,
          passed,
          failures,
          notes,
          logs,
        },
        null,
        2,
      )}\n`,
    );
    formatForLint(resultFile);
    lines.push(
      `result: ${path.relative(process.cwd(), resultFile)}${passed ? '' : `; platform logs kept in ${workDir}`}`,
    );
    lines.push(
      `headline: ${lost + extra} events lost, ${errors} errors in ${requests} requests, event ingestion p99 ${eventsP99Ms.toFixed(1)} ms, memory ${verdicts.flatMemory.met === undefined ? 'not judged' : verdicts.flatMemory.met ? 'flat' : 'NOT flat'} -> ${passed ? 'PASS' : `FAIL (${failures.join('; ')})`}`,
    );
    keepWorkDir = !passed;
    return { report: { headers: table.headers, rows: table.rows, lines }, resultFile, passed, failures };
  } finally {
    client?.close();
    await closeConnections();
    await api?.stop().catch(() => undefined);
    await workers?.stop().catch(() => undefined);
    await organization?.database.close().catch(() => undefined);
    await llm.close().catch(() => undefined);
    await deleteRedisKeys(options.redisUrl, prefix).catch(() => undefined);
    if (!options.keepDatabase) await database.drop().catch(() => undefined);
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Runs the repository's formatter over the result file, best effort: the results live in the tree,
 * and `npm run lint` (biome) would otherwise fail on JSON.stringify's layout of a file the lead commits.
 */
function formatForLint(file: string): void {
  const biome = path.join(benchDir, '..', 'node_modules', '.bin', 'biome');
  try {
    execFileSync(biome, ['format', '--write', file], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // No biome (an install without dev dependencies): the figures are the same, only the layout differs.
  }
}

function printReport(report: BenchmarkReport): void {
  process.stdout.write(`${formatTable(report.headers, report.rows)}\n\n`);
  for (const line of report.lines) process.stdout.write(`${line}\n`);
}

export const benchmark: Benchmark = {
  name: 'load',
  description: 'load and soak: N candidates and recruiters against separate API and workers processes',
  explicitOnly: true,
  async run() {
    const outcome = await runLoad(parseLoadOptions([], process.env, path.join(benchDir, 'results')));
    if (!outcome.passed) {
      // The runner prints nothing of a failed benchmark but the error: show the figures first.
      printReport(outcome.report);
      throw new Error(`load targets failed: ${outcome.failures.join('; ')}`);
    }
    return outcome.report;
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: LoadOptions;
  try {
    options = parseLoadOptions(process.argv.slice(2), process.env, path.join(benchDir, 'results'));
  } catch (error) {
    process.stderr.write(`load: ${(error as Error).message}\n\n${loadUsage}\n`);
    process.exit(2);
  }
  process.stdout.write(
    `${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}  load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}\n\n`,
  );
  const outcome = await runLoad(options);
  printReport(outcome.report);
  process.exitCode = outcome.passed ? 0 : 1;
  setTimeout(() => {
    process.stderr.write('load: handles still open 10 s after the end; exiting\n');
    process.exit(process.exitCode ?? 1);
  }, 10_000).unref();
}
