/**
 * The sandbox: runs one program (with tests or ad hoc) under the driver the probe chose, in a
 * bounded pool of slots (one uid per slot), with a waiting line that refuses work with a clear
 * "busy, retry" once full. One sandbox per submission; the harness runs every test inside it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RunCgroup } from './cgroup.driver.ts';
import { parseHarnessOutput } from './harness-protocol.ts';
import { LOAD_BUDGET_MS, limitsForRun, type RunLimits } from './limits.ts';
import { probeSandbox, type SandboxEnvironment } from './probe.driver.ts';
import { type ProcessRun, runProcess } from './process.driver.ts';
import type { Language, RunRequest, RunResult } from './sandbox.schema.ts';
import { buildSandboxCommand, CGROUP_JOIN_FAILED } from './sandbox-command.ts';
import { prepareProgram } from './transpile.ts';
import { buildAdhocRunResult, buildTestRunResult, type ProcessOutcome } from './verdict.ts';

/** Settings of the sandbox (from config). */
export interface SandboxSettings {
  unsafeDev: boolean;
  python: string;
  node: string;
  concurrency: number;
  queueLimit: number;
  uidBase: number;
}

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
  /** Runs `request`; throws AppError BUSY when the waiting line is full, UNAVAILABLE without a sandbox. */
  run(request: RunRequest): Promise<RunResult>;
  /** Runs now and waiting for a slot. */
  load(): { active: number; waiting: number };
}

const harnessSources = {
  python: readFileSync(new URL('./harness/python_harness.py', import.meta.url), 'utf8'),
  node: readFileSync(new URL('./harness/node_harness.cjs', import.meta.url), 'utf8'),
};

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
    const target = path.join(workDir, file.path);
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

  async function runOnce(request: RunRequest, runId: string, slot: number): Promise<RunResult> {
    const isTestRun = request.kind !== 'adhoc';
    const tests = request.tests ?? [];
    const limits = limitsForRun(
      request.language,
      tests.map((test) => test.timeoutMs ?? 2_000),
    );
    const prepared = prepareProgram(request.language, request.files, request.mainFile);
    const emptyOutcome: ProcessOutcome = {
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
    const ids = { runId, sessionId: request.sessionId, questionId: request.questionId };
    if ('compileError' in prepared) {
      return isTestRun
        ? buildTestRunResult({
            ...ids,
            language: request.language,
            kind: request.kind,
            tests,
            outcome: { ...emptyOutcome, stderr: prepared.compileError },
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
            outcome: emptyOutcome,
            compileError: prepared.compileError,
          });
    }

    const workDir = mkdtempSync(path.join(tmpdir(), 'ilm-run-'));
    let cgroup: RunCgroup | undefined;
    try {
      chmodSync(workDir, 0o755);
      const harness = request.language === 'python' ? 'python_harness.py' : 'node_harness.cjs';
      writeProgram(workDir, [
        ...prepared.files,
        ...(isTestRun
          ? [
              {
                path: `.harness/${harness}`,
                content: harnessSources[request.language === 'python' ? 'python' : 'node'],
              },
            ]
          : []),
      ]);
      const root = env.driver === 'unsafe' ? workDir : '/sandbox';
      const program = programFor(
        request.language,
        env,
        root,
        limits,
        isTestRun ? `.harness/${harness}` : prepared.mainFile,
      );
      const nonce = randomBytes(16).toString('hex');
      const stdin = isTestRun
        ? JSON.stringify({
            nonce,
            mainFile: prepared.mainFile,
            entryPoint: request.entryPoint,
            loadTimeoutMs: LOAD_BUDGET_MS,
            tests: tests.map((test, i) => ({
              i,
              args: test.args,
              timeoutMs: test.timeoutMs ?? limits.cpuPerTestMs,
            })),
          })
        : (request.stdin ?? '');
      cgroup = env.cgroups?.create(`run-${runId}-${slot}`, limits);
      const argv = buildSandboxCommand({
        driver: env.driver === 'none' ? 'unsafe' : env.driver,
        asRoot: env.asRoot,
        uid: settings.uidBase + slot,
        workDir,
        limits,
        cpuSeconds: Math.ceil(limits.wallMs / 1000),
        cgroupProcs: cgroup?.procsFiles ?? [],
        memoryByRlimit: !cgroup,
        program,
      });
      const run = await runProcess({
        argv,
        stdin,
        wallMs: limits.wallMs,
        outputBytes: limits.outputBytes,
        killGroup: env.driver === 'unsafe',
        cwd: workDir,
      });
      const outcome: ProcessOutcome = {
        exitCode: run.exitCode,
        signal: run.signal,
        wallTimeout: run.wallTimeout,
        outputExceeded: run.outputExceeded,
        memoryExceeded: cgroup?.oomKilled() ?? false,
        internalError: sandboxFailure(run),
        stdout: run.stdout,
        stderr: run.stderr,
        durationMs: run.durationMs,
      };
      if (!isTestRun) return buildAdhocRunResult({ ...ids, language: request.language, outcome });
      const report = parseHarnessOutput(run.channel, nonce, tests.length);
      return buildTestRunResult({
        ...ids,
        language: request.language,
        kind: request.kind,
        tests,
        outcome,
        report,
      });
    } finally {
      cgroup?.destroy();
      // fs.rm does not follow symlinks: whatever the program planted, only the work dir goes.
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  return {
    info,
    load: pool.load,
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
      const runId = request.runId ?? randomUUID();
      const slot = await pool.acquire();
      try {
        const result = await runOnce(request, runId, slot);
        if (result.status !== 'internal_error') return result;
        // A sandbox failure is never the candidate's fault: try once more before reporting it.
        log.warn({ runId, stderr: result.stderr }, 'sandbox failure; retrying once');
        return await runOnce(request, runId, slot);
      } finally {
        pool.release(slot);
      }
    },
  };
}
