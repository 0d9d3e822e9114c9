/**
 * The sandbox: runs one program (with tests or ad hoc) under the driver the probe chose, in a
 * bounded pool of slots (one uid per slot), with a waiting line that refuses work with a clear
 * "busy, retry" once full. The harness runs every test of a submission inside one sandbox. Python
 * test runs of an interview session go to that session's zygote (a sandbox of its own that forks
 * a warm interpreter per run, ~6× less CPU than a new sandbox); other runs get a pre-started
 * sandbox used once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RunCgroup } from './cgroup.driver.ts';
import { parseHarnessOutput } from './harness-protocol.ts';
import { defaultLimits, hardMaximums, LOAD_BUDGET_MS, limitsForRun, type RunLimits } from './limits.ts';
import { probeSandbox, type SandboxEnvironment } from './probe.driver.ts';
import { type ProcessRun, type StartedProcess, startProcess } from './process.driver.ts';
import type { Language, RunRequest, RunResult } from './sandbox.schema.ts';
import { buildSandboxCommand, CGROUP_JOIN_FAILED } from './sandbox-command.ts';
import { createSessionZygotes, type ZygoteHandle } from './session-zygotes.ts';
import { prepareProgram } from './transpile.ts';
import { buildAdhocRunResult, buildTestRunResult, type ProcessOutcome } from './verdict.ts';
import { startZygote, type Zygote } from './zygote.driver.ts';

/** Settings of the sandbox (from config). */
export interface SandboxSettings {
  unsafeDev: boolean;
  python: string;
  node: string;
  concurrency: number;
  queueLimit: number;
  uidBase: number;
  /** Most sessions holding a zygote at once (default 1,000); beyond it the least recently used idle one goes. */
  sessionSandboxes?: number;
  /** A session's zygote is retired after this long without a run (default 10 minutes). */
  sessionIdleMs?: number;
}

/** Where session zygotes' uids start, above the slots' (at most 64 × 6 + 2) and below the shell's (+10,000). */
const ZYGOTE_UID_OFFSET = 1_000;
/** The session zygotes' uid range must stay below the session shell's. */
export const MAX_SESSION_SANDBOXES = 8_000;

/** What /api/health and the logs say about the sandbox. */
export interface SandboxInfo {
  driver: SandboxEnvironment['driver'];
  isolated: boolean;
  cgroups: 'v1' | 'v2' | 'none';
  languages: Language[];
  concurrency: number;
  notes: string[];
}

/** Runs candidate programs. */
export interface Sandbox {
  info: SandboxInfo;
  /** What the start-up probe found (driver, cgroups, runtimes), for other users of the same sandbox (session shell). */
  environment: SandboxEnvironment;
  /** Runs `request`; throws AppError BUSY when the waiting line is full, UNAVAILABLE without a sandbox. */
  run(request: RunRequest): Promise<RunResult>;
  /** Runs now and waiting for a slot, and sessions holding a zygote. */
  load(): { active: number; waiting: number; sessionSandboxes: number };
  /** Stops the pre-started sandboxes; runs are refused afterwards. */
  close(): Promise<void>;
}

/** The interpreter a language runs on; JavaScript and TypeScript share Node. */
type Runtime = 'python' | 'node';
const runtimeOf = (language: Language): Runtime => (language === 'python' ? 'python' : 'node');

/**
 * What a sandbox process runs before the program: the test harness (test runs) or the ad-hoc
 * launcher ("run my file"). Both can wait, pre-started, for the program to arrive on stdin.
 */
type Role = 'harness' | 'launcher';
const scriptFile: Record<Runtime, Record<Role, string>> = {
  python: { harness: 'python_harness.py', launcher: 'python_launcher.py' },
  node: { harness: 'node_harness.cjs', launcher: 'node_launcher.cjs' },
};
const scriptSource = (runtime: Runtime, role: Role) =>
  readFileSync(new URL(`./harness/${scriptFile[runtime][role]}`, import.meta.url), 'utf8');
const scripts = (['python', 'node'] as const).flatMap((runtime) =>
  (['harness', 'launcher'] as const).map((role) => ({
    runtime,
    role,
    path: `.harness/${scriptFile[runtime][role]}`,
    content: scriptSource(runtime, role),
  })),
);
const scriptPath = (runtime: Runtime, role: Role) => `.harness/${scriptFile[runtime][role]}`;
const scriptContent = (runtime: Runtime, role: Role) =>
  scripts.find((script) => script.runtime === runtime && script.role === role)?.content ?? '';
/** The session zygote (Python test runs of an interview session; session-zygotes.ts). */
const zygoteScript = {
  path: '.harness/python_zygote.py',
  content: readFileSync(new URL('./harness/python_zygote.py', import.meta.url), 'utf8'),
};
/** RLIMIT_CPU of a zygote's own process (each run it forks sets its own, far lower): ~1 ms a run. */
const ZYGOTE_CPU_SECONDS = 3_600;

/** The ad-hoc launcher's input: the header's length in 10 digits, the header, the program's stdin. */
function launcherInput(header: object, stdin: string): string {
  const json = JSON.stringify(header);
  const length = Buffer.byteLength(json, 'utf8');
  return `${String(length).padStart(10, '0')}${json}${stdin}`;
}

/** The compile error a launcher reported on fd 3, if any. */
function launcherCompileError(channel: string): string | undefined {
  const line = channel.split('\n')[0];
  if (!line) return undefined;
  try {
    const report = JSON.parse(line) as { status?: unknown; error?: unknown };
    return report.status === 'compile_error' && typeof report.error === 'string' ? report.error : undefined;
  } catch {
    return undefined;
  }
}

/** A bounded set of slots with a bounded waiting line. */
function createSlotPool(size: number, queueLimit: number) {
  const free = Array.from({ length: size }, (_, slot) => slot);
  const waiting: Array<(slot: number) => void> = [];
  return {
    async acquire(): Promise<number> {
      const slot = free.shift();
      if (slot !== undefined) return slot;
      if (waiting.length >= queueLimit) {
        throw new AppError('BUSY', 'The code runner is busy; retry in a few seconds', {
          retryAfterSeconds: 2,
        });
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release(slot: number): void {
      const next = waiting.shift();
      if (next) next(slot);
      else free.push(slot);
    },
    load: () => ({ active: size - free.length, waiting: waiting.length }),
  };
}

function writeProgram(workDir: string, files: Array<{ path: string; content: string }>): void {
  for (const file of files) {
    const target = path.resolve(workDir, file.path);
    // The schema already refuses such paths; the sandbox checks again because it writes on the host.
    if (!target.startsWith(`${workDir}${path.sep}`)) {
      throw new ValidationError(`file path ${JSON.stringify(file.path)} leaves the program's directory`);
    }
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.content, { mode: 0o644 });
  }
}

function programFor(
  language: Language,
  env: SandboxEnvironment,
  root: string,
  limits: RunLimits,
  script: string,
): string[] {
  const binary = env.runtimes[language];
  if (!binary) throw new AppError('UNAVAILABLE', `${language} cannot run on this server's sandbox`);
  if (language === 'python') return [binary, '-E', '-s', '-S', '-B', path.posix.join(root, script)];
  // Node's own heap limit keeps "out of memory" an orderly error below the hard memory limit.
  const heapMb = Math.max(64, Math.floor(limits.memoryBytes / (1024 * 1024)) - 128);
  return [binary, `--max-old-space-size=${heapMb}`, '--stack-size=4000', path.posix.join(root, script)];
}

/** The outcome of a run that never started a process (it did not compile). */
const idleOutcome: ProcessOutcome = {
  exitCode: null,
  signal: null,
  wallTimeout: false,
  outputExceeded: false,
  memoryExceeded: false,
  internalError: undefined,
  stdout: '',
  stderr: '',
  durationMs: 0,
};

/** A run the sandbox itself failed (not the candidate's program). */
function sandboxFailure(run: ProcessRun): string | undefined {
  if (run.spawnError) return run.spawnError;
  if (run.exitCode === CGROUP_JOIN_FAILED && run.channel === '')
    return 'could not place the run in its cgroup';
  if (run.exitCode === 1 && run.channel === '' && run.stdout === '' && /^bwrap: /.test(run.stderr)) {
    return run.stderr.trim().slice(0, 300);
  }
  return undefined;
}

/** A sandbox started ahead of need, waiting on stdin for its program and tests. */
interface WarmSandbox {
  process: StartedProcess;
  cgroup: RunCgroup | undefined;
  uid: number;
}

/** A zygote's sandbox: the process that forks a run per test submission, with its uid and cgroup. */
interface ZygoteSandbox extends ZygoteHandle {
  zygote: Zygote;
  cgroup: RunCgroup | undefined;
}

/** Probes the machine and creates the sandbox. */
export async function createSandbox(settings: SandboxSettings, logger: Logger): Promise<Sandbox> {
  const log = logger.child({ component: 'sandbox' });
  const env = await probeSandbox(settings);
  const info: SandboxInfo = {
    driver: env.driver,
    isolated: env.driver === 'bwrap-userns' || env.driver === 'bwrap-root',
    cgroups: env.cgroups?.version ?? 'none',
    languages: Object.keys(env.runtimes) as Language[],
    concurrency: settings.concurrency,
    notes: env.notes,
  };
  if (env.driver === 'none') log.error(info, 'no sandbox available: candidate code will not run');
  else if (env.driver === 'unsafe')
    log.warn(info, 'candidate code runs WITHOUT isolation (SANDBOX_UNSAFE_DEV)');
  else log.info(info, `sandbox ready: ${env.driver}`);
  const pool = createSlotPool(settings.concurrency, settings.queueLimit);
  const driver = env.driver === 'none' ? 'unsafe' : env.driver;

  // Test runs start from sandboxes that are already up (bwrap, interpreter and harness loaded),
  // which hides process start-up from the candidate. Each is used for one run, then replaced.
  const warmEnabled = env.driver === 'bwrap-userns' || env.driver === 'bwrap-root';
  const harnessDir = mkdtempSync(path.join(tmpdir(), 'ilm-harness-'));
  chmodSync(harnessDir, 0o755);
  writeProgram(harnessDir, [...scripts, zygoteScript]);
  // One uid per live sandbox process, so RLIMIT_NPROC is never shared between runs: the four
  // warm pools, the runs in flight with their replacements starting, and cold runs.
  const freeUids = Array.from(
    { length: settings.concurrency * 6 + 2 },
    (_, index) => settings.uidBase + index,
  );
  type PoolKey = `${Runtime}:${Role}`;
  const warm: Record<PoolKey, WarmSandbox[]> = {
    'python:harness': [],
    'python:launcher': [],
    'node:harness': [],
    'node:launcher': [],
  };
  let closed = false;

  function startSandboxProcess(options: {
    language: Language;
    workDir: string;
    limits: RunLimits;
    script: string;
    cpuSeconds: number;
  }): WarmSandbox {
    const uid = freeUids.shift() ?? settings.uidBase;
    let cgroup: RunCgroup | undefined;
    try {
      cgroup = env.cgroups?.create(`run-${randomUUID()}`, options.limits);
      const root = driver === 'unsafe' ? options.workDir : '/sandbox';
      const argv = buildSandboxCommand({
        driver,
        asRoot: env.asRoot,
        uid,
        workDir: options.workDir,
        limits: options.limits,
        cpuSeconds: options.cpuSeconds,
        cgroupProcs: cgroup?.procsFiles ?? [],
        memoryByRlimit: !cgroup,
        program: programFor(options.language, env, root, options.limits, options.script),
      });
      const started = startProcess({
        argv,
        outputBytes: options.limits.outputBytes,
        killGroup: driver === 'unsafe',
        cwd: options.workDir,
      });
      return { process: started, cgroup, uid };
    } catch (error) {
      cgroup?.destroy();
      freeUids.push(uid);
      throw error;
    }
  }

  function retire(sandbox: WarmSandbox): void {
    sandbox.process.kill();
    sandbox.cgroup?.destroy();
    freeUids.push(sandbox.uid);
  }

  function startWarm(runtime: Runtime, role: Role): WarmSandbox {
    const language: Language = runtime === 'python' ? 'python' : 'javascript';
    return startSandboxProcess({
      language,
      workDir: harnessDir,
      limits: defaultLimits(language),
      script: scriptPath(runtime, role),
      // The wall timer bounds each run; the CPU limit only has to cover the longest possible one.
      cpuSeconds: Math.ceil(hardMaximums.wallMs / 1000) + 1,
    });
  }

  function replenish(runtime: Runtime, role: Role): void {
    if (closed || !warmEnabled || !env.runtimes[runtime === 'python' ? 'python' : 'javascript']) return;
    const pool = warm[`${runtime}:${role}`];
    while (pool.length < settings.concurrency) {
      try {
        pool.push(startWarm(runtime, role));
      } catch (error) {
        log.error({ err: error, runtime, role }, 'could not pre-start a sandbox');
        return;
      }
    }
  }

  function takeWarm(runtime: Runtime, role: Role): WarmSandbox {
    const pool = warm[`${runtime}:${role}`];
    for (let candidate = pool.shift(); candidate; candidate = pool.shift()) {
      if (candidate.process.alive()) {
        setImmediate(() => replenish(runtime, role));
        return candidate;
      }
      retire(candidate);
    }
    setImmediate(() => replenish(runtime, role));
    return startWarm(runtime, role);
  }

  for (const { runtime, role } of scripts) replenish(runtime, role);

  // Session zygotes have uids of their own, one each: bound ones, spares, and ones being retired.
  const maxSessions = Math.min(settings.sessionSandboxes ?? 1_000, MAX_SESSION_SANDBOXES);
  const zygoteUids = Array.from(
    { length: maxSessions + settings.concurrency * 2 + 2 },
    (_, index) => settings.uidBase + ZYGOTE_UID_OFFSET + index,
  );

  function startZygoteSandbox(): ZygoteSandbox {
    const uid = zygoteUids.shift() ?? settings.uidBase + ZYGOTE_UID_OFFSET;
    const limits = defaultLimits('python');
    let cgroup: RunCgroup | undefined;
    try {
      cgroup = env.cgroups?.create(`zygote-${randomUUID()}`, limits);
      const argv = buildSandboxCommand({
        driver,
        asRoot: env.asRoot,
        uid,
        workDir: harnessDir,
        limits,
        cpuSeconds: ZYGOTE_CPU_SECONDS,
        cgroupProcs: cgroup?.procsFiles ?? [],
        memoryByRlimit: !cgroup,
        program: programFor('python', env, '/sandbox', limits, zygoteScript.path),
        programIsInit: true,
      });
      const zygote = startZygote({ argv, outputBytes: limits.outputBytes, cwd: harnessDir });
      const runCgroup = cgroup;
      let retired = false;
      return {
        zygote,
        cgroup: runCgroup,
        alive: zygote.alive,
        busy: zygote.busy,
        retire() {
          if (retired) return;
          retired = true;
          zygote.kill();
          runCgroup?.destroy();
          zygoteUids.push(uid);
        },
      };
    } catch (error) {
      cgroup?.destroy();
      zygoteUids.push(uid);
      throw error;
    }
  }

  const zygotes =
    warmEnabled && env.runtimes.python
      ? createSessionZygotes({
          start: startZygoteSandbox,
          spares: settings.concurrency,
          maxSessions,
          idleMs: settings.sessionIdleMs ?? 10 * 60_000,
        })
      : undefined;

  /** The session's zygote; undefined (the run goes one-shot) when none is free or one cannot start. */
  function takeSessionZygote(sessionId: string): ZygoteSandbox | undefined {
    try {
      return zygotes?.take(sessionId);
    } catch (error) {
      log.error({ err: error, sessionId }, 'could not start a session zygote; running one-shot');
      return undefined;
    }
  }

  /** `oomEventsBefore`: the cgroup's count when the run started, for a cgroup that outlives runs. */
  function outcomeOf(run: ProcessRun, cgroup: RunCgroup | undefined, oomEventsBefore = 0): ProcessOutcome {
    return {
      exitCode: run.exitCode,
      signal: run.signal,
      wallTimeout: run.wallTimeout,
      outputExceeded: run.outputExceeded,
      memoryExceeded: (cgroup?.oomEvents() ?? 0) > oomEventsBefore,
      internalError: sandboxFailure(run),
      stdout: run.stdout,
      stderr: run.stderr,
      durationMs: run.durationMs,
    };
  }

  async function runOnce(request: RunRequest, runId: string, useWarm: boolean): Promise<RunResult> {
    const isTestRun = request.kind !== 'adhoc';
    const tests = request.tests ?? [];
    const limits = limitsForRun(
      request.language,
      tests.map((test) => test.timeoutMs ?? defaultLimits(request.language).cpuPerTestMs),
    );
    const prepared = prepareProgram(request.language, request.files, request.mainFile);
    const ids = { runId, sessionId: request.sessionId, questionId: request.questionId };
    if ('compileError' in prepared) {
      const outcome: ProcessOutcome = { ...idleOutcome, stderr: prepared.compileError };
      return isTestRun
        ? buildTestRunResult({
            ...ids,
            language: request.language,
            kind: request.kind,
            tests,
            outcome,
            report: {
              tests: new Map(),
              loadFailure: {
                nonce: '',
                i: -1,
                status: 'compile_error',
                error: prepared.compileError,
                stdout: '',
                durationMs: 0,
              },
              tampered: undefined,
            },
          })
        : buildAdhocRunResult({
            ...ids,
            language: request.language,
            outcome: idleOutcome,
            compileError: prepared.compileError,
          });
    }

    const nonce = randomBytes(16).toString('hex');
    const spec = {
      nonce,
      mainFile: prepared.mainFile,
      entryPoint: request.entryPoint,
      loadTimeoutMs: LOAD_BUDGET_MS,
      tests: tests.map((test, i) => ({
        i,
        args: test.args,
        timeoutMs: test.timeoutMs ?? limits.cpuPerTestMs,
      })),
    };

    if (!isTestRun && warmEnabled && useWarm) {
      const sandbox = takeWarm(runtimeOf(request.language), 'launcher');
      try {
        const header = { programDir: '/tmp/program', mainFile: prepared.mainFile, files: prepared.files };
        const run = await sandbox.process.dispatch(launcherInput(header, request.stdin ?? ''), limits.wallMs);
        return buildAdhocRunResult({
          ...ids,
          language: request.language,
          outcome: outcomeOf(run, sandbox.cgroup),
          compileError: launcherCompileError(run.channel),
        });
      } finally {
        retire(sandbox);
      }
    }

    const testRunResult = (run: ProcessRun, cgroup: RunCgroup | undefined, oomEventsBefore = 0) =>
      buildTestRunResult({
        ...ids,
        language: request.language,
        kind: request.kind,
        tests,
        outcome: outcomeOf(run, cgroup, oomEventsBefore),
        report: parseHarnessOutput(run.channel, nonce, tests.length),
      });
    // A pre-started sandbox receives the program with the tests and writes it to its own tmpfs.
    const specWithProgram = () =>
      JSON.stringify({ ...spec, programDir: '/tmp/program', files: prepared.files });

    const sessionZygote =
      zygotes && isTestRun && useWarm && request.sessionId && request.language === 'python'
        ? takeSessionZygote(request.sessionId)
        : undefined;
    if (zygotes && sessionZygote) {
      const oomEventsBefore = sessionZygote.cgroup?.oomEvents() ?? 0;
      try {
        const run = await sessionZygote.zygote.dispatch(
          { cpuSeconds: Math.ceil(limits.wallMs / 1000), spec: specWithProgram() },
          limits.wallMs,
        );
        return testRunResult(run, sessionZygote.cgroup, oomEventsBefore);
      } finally {
        zygotes.release(sessionZygote);
      }
    }

    if (isTestRun && warmEnabled && useWarm) {
      const sandbox = takeWarm(runtimeOf(request.language), 'harness');
      try {
        const run = await sandbox.process.dispatch(specWithProgram(), limits.wallMs);
        return testRunResult(run, sandbox.cgroup);
      } finally {
        retire(sandbox);
      }
    }

    // Cold path (no pre-started sandbox: unsafe mode, or the retry after a sandbox failure). The
    // program is written into a fresh directory mounted read-only at /sandbox.
    const workDir = mkdtempSync(path.join(tmpdir(), 'ilm-run-'));
    let sandbox: WarmSandbox | undefined;
    try {
      chmodSync(workDir, 0o755);
      const runtime = runtimeOf(request.language);
      const harness = scriptPath(runtime, 'harness');
      writeProgram(workDir, [
        ...prepared.files,
        ...(isTestRun ? [{ path: harness, content: scriptContent(runtime, 'harness') }] : []),
      ]);
      sandbox = startSandboxProcess({
        language: request.language,
        workDir,
        limits,
        script: isTestRun ? harness : prepared.mainFile,
        cpuSeconds: Math.ceil(limits.wallMs / 1000),
      });
      const run = await sandbox.process.dispatch(
        isTestRun ? JSON.stringify(spec) : (request.stdin ?? ''),
        limits.wallMs,
      );
      if (!isTestRun) {
        return buildAdhocRunResult({
          ...ids,
          language: request.language,
          outcome: outcomeOf(run, sandbox.cgroup),
        });
      }
      return testRunResult(run, sandbox.cgroup);
    } finally {
      if (sandbox) retire(sandbox);
      // fs.rm does not follow symlinks: whatever the program planted, only the work dir goes.
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  return {
    info,
    environment: env,
    load: () => ({ ...pool.load(), sessionSandboxes: zygotes?.counts().sessions ?? 0 }),
    async run(request) {
      if (env.driver === 'none') {
        throw new AppError(
          'UNAVAILABLE',
          'Code execution is unavailable on this server: no sandbox could be set up',
          {
            retryAfterSeconds: 60,
          },
        );
      }
      if (closed) throw new AppError('UNAVAILABLE', 'The code runner is shutting down; try again shortly');
      const runId = request.runId ?? randomUUID();
      const slot = await pool.acquire();
      try {
        const result = await runOnce(request, runId, true);
        if (result.status !== 'internal_error') return result;
        // A sandbox failure is never the candidate's fault: try once more, from a fresh start.
        log.warn({ runId }, 'sandbox failure; retrying once');
        return await runOnce(request, runId, false);
      } finally {
        pool.release(slot);
      }
    },
    async close() {
      closed = true;
      zygotes?.close();
      for (const pool of Object.values(warm)) {
        for (const sandbox of pool.splice(0)) retire(sandbox);
      }
      rmSync(harnessDir, { recursive: true, force: true });
    },
  };
}
