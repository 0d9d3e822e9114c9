/**
 * What the sandbox costs the caller, against the same work done bare (the same interpreter and
 * harness, no bubblewrap, no limits) measured in the same run:
 *   (a) a trivial program, one at a time: a one-test run and an ad-hoc run, Python and Node
 *       (both served by pre-started sandboxes, which is what the caller sees);
 *   (b) a 50-test Python submission, one at a time;
 *   (c) graded submissions per second with as many in flight as the machine has cores;
 *   (d) CPU per graded submission, machine-wide (/proc/stat, so the kernel's share and every
 *       process counts): runs without a session (a pre-started sandbox used once) against runs of
 *       interview sessions (forked from each session's warm zygote).
 * Bare and sandboxed samples are interleaved so machine noise lands on both alike. Needs
 * bubblewrap at /usr/bin/bwrap and python3 at /usr/bin/python3 (as `npm test` does).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSandbox,
  type Language,
  type RunRequest,
  type RunResult,
  type Sandbox,
  type TestCase,
} from '../src/modules/sandbox/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { type LatencySummary, summarizeLatencies } from './stats.ts';

/** Sequential samples per series of (a) and (b). */
const SAMPLES = 120;
/** Submissions graded in (c), per side. */
const THROUGHPUT_SUBMISSIONS = 240;
/** Submissions measured in (d), per side, and the sessions the session side cycles through. */
const CPU_SUBMISSIONS = 120;
const CPU_SESSIONS = 20;
const WARMUP_RUNS = 10;
/** Targets of the sandbox issue, printed next to the figures. */
const TARGETS = { trivialRatio: 1.3, fiftyTestMedianMs: 30, gradedPerSecond: 60 };

const harnessDir = fileURLToPath(new URL('../src/modules/sandbox/harness/', import.meta.url));
const PYTHON = '/usr/bin/python3';

const trivial: Record<'python' | 'javascript', string> = {
  python: 'def f(x):\n    return x + 1\n',
  javascript: 'function f(x) {\n  return x + 1;\n}\n',
};
const trivialAdhoc: Record<'python' | 'javascript', string> = {
  python: 'print(sum(range(10)))\n',
  javascript: 'console.log([...Array(10).keys()].reduce((a, b) => a + b, 0));\n',
};
const twoSum = `def two_sum(nums, target):
    seen = {}
    for index, value in enumerate(nums):
        if target - value in seen:
            return [seen[target - value], index]
        seen[value] = index
    return []
`;

function plusOneTest(): TestCase {
  return { id: 't0', name: 'plus one', args: [41], expected: 42, hidden: false, weight: 1 };
}

/** `count` two-sum tests over arrays of 20 numbers, the answer always the last two. */
function twoSumTests(count: number): TestCase[] {
  return Array.from({ length: count }, (_, i) => {
    const nums = Array.from({ length: 20 }, (_, k) => 1000 * (i + 1) + 7 * k);
    const target = (nums[18] ?? 0) + (nums[19] ?? 0);
    return {
      id: `t${i}`,
      name: `case ${i}`,
      args: [nums, target],
      expected: [18, 19],
      hidden: i >= 3,
      weight: 1,
    };
  });
}

function testRun(language: Language, source: string, entryPoint: string, tests: TestCase[]): RunRequest {
  const file = language === 'python' ? 'solution.py' : 'solution.js';
  return { language, kind: 'visible', files: [{ path: file, content: source }], entryPoint, tests };
}

function adhocRun(language: Language, source: string): RunRequest {
  const file = language === 'python' ? 'main.py' : 'main.js';
  return { language, kind: 'adhoc', files: [{ path: file, content: source }] };
}

/** The same run without isolation: spawn the interpreter on the harness (or the file) directly. */
function createBareRunner() {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ilm-bench-bare-'));
  return {
    async run(request: RunRequest): Promise<{ passed: number; total: number }> {
      const dir = mkdtempSync(path.join(workDir, 'run-'));
      try {
        for (const file of request.files) writeFileSync(path.join(dir, file.path), file.content);
        const main = request.files[0]?.path ?? '';
        const interpreter =
          request.language === 'python' ? [PYTHON, '-E', '-s', '-S', '-B'] : [process.execPath];
        if (request.kind === 'adhoc') {
          await runChild([...interpreter, path.join(dir, main)], dir, '');
          return { passed: 0, total: 0 };
        }
        const harness = request.language === 'python' ? 'python_harness.py' : 'node_harness.cjs';
        const nonce = randomBytes(16).toString('hex');
        const tests = request.tests ?? [];
        const spec = {
          nonce,
          mainFile: main,
          entryPoint: request.entryPoint,
          loadTimeoutMs: 2_000,
          tests: tests.map((test, i) => ({ i, args: test.args, timeoutMs: 2_000 })),
        };
        const channel = await runChild(
          [...interpreter, path.join(harnessDir, harness)],
          dir,
          JSON.stringify(spec),
        );
        const values = channel
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { i: number; value?: unknown });
        // Compared the cheap way: every expected value here is small JSON.
        const passed = values.filter(
          (event) => JSON.stringify(event.value) === JSON.stringify(tests[event.i]?.expected),
        ).length;
        return { passed, total: tests.length };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    close: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/** Runs argv with `stdin`, fd 3 as a pipe; resolves with what fd 3 received. */
function runChild(argv: string[], cwd: string, stdin: string): Promise<string> {
  const [command, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(command ?? '', args, { cwd, env: {}, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdio[3]?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout?.resume();
    child.stderr?.resume();
    child.on('error', reject);
    // A program that exits without reading its input closes the pipe: not a failure.
    child.stdin?.on('error', () => {});
    child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    child.stdin?.end(stdin);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

function expectAllPassed(result: RunResult, label: string): void {
  if (result.status !== 'ok' || result.passed !== result.total) {
    throw new Error(
      `${label}: expected every test to pass, got ${result.status} ${result.passed}/${result.total}`,
    );
  }
}

/** Sequential latency of bare and sandboxed runs of `request`, interleaved sample by sample. */
async function compareSequential(
  sandbox: Sandbox,
  bare: ReturnType<typeof createBareRunner>,
  request: RunRequest,
  label: string,
): Promise<{ bare: LatencySummary; sandboxed: LatencySummary }> {
  const check = (result: RunResult) => {
    if (request.kind === 'adhoc') {
      if (result.status !== 'ok') throw new Error(`${label}: ad-hoc run ended ${result.status}`);
    } else expectAllPassed(result, label);
  };
  for (let i = 0; i < WARMUP_RUNS; i += 1) {
    await bare.run(request);
    check(await sandbox.run(request));
  }
  const bareSamples: number[] = [];
  const sandboxSamples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    // Alternate which side goes first, so neither always runs right after the other's clean-up.
    const order = i % 2 === 0 ? (['bare', 'sandbox'] as const) : (['sandbox', 'bare'] as const);
    for (const side of order) {
      if (side === 'bare') bareSamples.push((await timed(() => bare.run(request))).ms);
      else {
        const { ms, value } = await timed(() => sandbox.run(request));
        check(value);
        sandboxSamples.push(ms);
      }
    }
  }
  return { bare: summarizeLatencies(bareSamples), sandboxed: summarizeLatencies(sandboxSamples) };
}

/** Submissions per second with `inFlight` at a time. */
async function throughput(
  inFlight: number,
  submissions: number,
  runOne: () => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < submissions) {
        next += 1;
        await runOne();
      }
    }),
  );
  return submissions / ((performance.now() - started) / 1000);
}

/** CPU seconds the whole machine has spent busy (all cores), from /proc/stat. */
function machineCpuSeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  // user, nice, system, irq, softirq (USER_HZ is 100 on Linux)
  return [0, 1, 2, 5, 6].reduce((sum, index) => sum + (fields[index] ?? 0), 0) / 100;
}

/** Machine-wide CPU milliseconds per submission over `count` sequential runs from `request(i)`. */
async function cpuPerRun(
  sandbox: Sandbox,
  count: number,
  request: (index: number) => RunRequest,
): Promise<number> {
  const before = machineCpuSeconds();
  for (let index = 0; index < count; index += 1) expectAllPassed(await sandbox.run(request(index)), 'cpu');
  // Work the kernel defers past the last exit (namespace teardown) belongs to the runs too.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return ((machineCpuSeconds() - before) * 1000) / count;
}

const ms = (value: number) => value.toFixed(1);
const ratio = (value: number) => `${value.toFixed(2)}x`;
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

async function run(): Promise<BenchmarkReport> {
  const cores = os.availableParallelism();
  const logger = createLogger({ level: 'warn', name: 'bench' });
  const sandbox = await createSandbox(
    {
      unsafeDev: false,
      python: PYTHON,
      node: process.execPath,
      concurrency: cores,
      queueLimit: 10_000,
      uidBase: 61_000,
    },
    logger,
  );
  const bare = createBareRunner();
  try {
    if (!sandbox.info.isolated) {
      throw new Error(`the sandbox benchmark needs bubblewrap; the probe chose "${sandbox.info.driver}"`);
    }
    const series: Array<{ label: string; request: RunRequest }> = [
      { label: 'trivial test run, Python', request: testRun('python', trivial.python, 'f', [plusOneTest()]) },
      {
        label: 'trivial test run, Node',
        request: testRun('javascript', trivial.javascript, 'f', [plusOneTest()]),
      },
      { label: '50-test submission, Python', request: testRun('python', twoSum, 'two_sum', twoSumTests(50)) },
      { label: 'trivial ad-hoc run, Python', request: adhocRun('python', trivialAdhoc.python) },
      { label: 'trivial ad-hoc run, Node', request: adhocRun('javascript', trivialAdhoc.javascript) },
    ];
    const rows: string[][] = [];
    const figures = new Map<string, { bare: LatencySummary; sandboxed: LatencySummary }>();
    for (const { label, request } of series) {
      const result = await compareSequential(sandbox, bare, request, label);
      figures.set(label, result);
      rows.push([
        label,
        ms(result.bare.medianMs),
        ms(result.sandboxed.medianMs),
        ms(result.sandboxed.p95Ms),
        ratio(result.sandboxed.medianMs / result.bare.medianMs),
      ]);
    }

    const graded = testRun('python', twoSum, 'two_sum', twoSumTests(10));
    const bareRate = await throughput(cores, THROUGHPUT_SUBMISSIONS, async () => {
      const { passed, total } = await bare.run(graded);
      if (passed !== total) throw new Error(`bare grading passed ${passed}/${total}`);
    });
    const sandboxRate = await throughput(cores, THROUGHPUT_SUBMISSIONS, async () => {
      expectAllPassed(await sandbox.run(graded), 'throughput');
    });
    rows.push([
      `graded 10-test submissions/s, ${cores} in flight`,
      bareRate.toFixed(1),
      sandboxRate.toFixed(1),
      '',
      ratio(bareRate / sandboxRate),
    ]);

    const sessions = Array.from({ length: CPU_SESSIONS }, () => randomUUID());
    const inSession = (index: number): RunRequest => ({
      ...graded,
      sessionId: sessions[index % sessions.length],
    });
    // Each session's first run starts its zygote: warm them all, as an interview's first minute does.
    for (let index = 0; index < sessions.length; index += 1) await sandbox.run(inSession(index));
    const oneShotCpu = await cpuPerRun(sandbox, CPU_SUBMISSIONS, () => graded);
    const sessionCpu = await cpuPerRun(sandbox, CPU_SUBMISSIONS, inSession);

    const get = (label: string) => {
      const value = figures.get(label);
      if (!value) throw new Error(`missing series ${label}`);
      return value;
    };
    const ratioOf = (label: string) => {
      const { bare, sandboxed } = get(label);
      return sandboxed.medianMs / bare.medianMs;
    };
    const trivialRatios = {
      'Python test run': ratioOf('trivial test run, Python'),
      'Node test run': ratioOf('trivial test run, Node'),
      'Python ad hoc': ratioOf('trivial ad-hoc run, Python'),
      'Node ad hoc': ratioOf('trivial ad-hoc run, Node'),
    };
    const worstTrivial = Math.max(...Object.values(trivialRatios));
    const fifty = get('50-test submission, Python');
    return {
      headers: ['series (medians, ms)', 'bare', 'sandboxed', 'sandboxed p95', 'sandboxed / bare'],
      rows,
      lines: [
        `driver ${sandbox.info.driver}, cgroups ${sandbox.info.cgroups}, ${cores} cores, ${SAMPLES} samples per series`,
        `(a) trivial program, sandboxed / bare: ${Object.entries(trivialRatios)
          .map(([label, value]) => `${label} ${ratio(value)}`)
          .join(
            ', ',
          )} (target <= ${TARGETS.trivialRatio}x: ${verdict(worstTrivial <= TARGETS.trivialRatio)})`,
        `(b) 50-test Python submission: median ${ms(fifty.sandboxed.medianMs)} ms (target <= ${TARGETS.fiftyTestMedianMs} ms: ${verdict(fifty.sandboxed.medianMs <= TARGETS.fiftyTestMedianMs)})`,
        `(c) graded submissions/s at ${cores} in flight: ${sandboxRate.toFixed(1)}/s, bare ${bareRate.toFixed(1)}/s (target >= ${TARGETS.gradedPerSecond}/s: ${verdict(sandboxRate >= TARGETS.gradedPerSecond)})`,
        `(d) machine CPU per graded 10-test submission, ${CPU_SUBMISSIONS} one at a time: one-shot sandbox ${ms(oneShotCpu)} ms, session zygote ${ms(sessionCpu)} ms (${ratio(sessionCpu / oneShotCpu)} of one-shot)`,
      ],
    };
  } finally {
    bare.close();
    await sandbox.close();
  }
}

export const benchmark: Benchmark = {
  name: 'sandbox',
  description: 'sandboxed runs against the same runs bare: trivial program, 50-test submission, graded/s',
  run,
};
