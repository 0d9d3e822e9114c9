/**
 * Shared helpers of the sandbox conformance suite (hostile.int.test.ts, correctness.int.test.ts):
 * a sandbox on the real bubblewrap driver, request builders, and checks that the HOST was not
 * touched (processes left behind, files, environment secrets).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { expect } from 'vitest';
import type {
  JsonValue,
  Language,
  RunRequest,
  RunResult,
  TestCase,
} from '../../src/modules/sandbox/sandbox.schema.ts';
import {
  createSandbox,
  type Sandbox,
  type SandboxSettings,
} from '../../src/modules/sandbox/sandbox.service.ts';
import { testLogger } from '../support/logger.ts';

/**
 * Uids the suite's sandboxes drop to (uidBase 61000): one per live sandbox process from 61000, and
 * one per session zygote from 62000 (at most 100 sessions, plus spares and single-use ones).
 */
export const SUITE_UID_MIN = 61_000;
export const SUITE_UID_MAX = 62_199;
const SUITE_SESSION_SANDBOXES = 100;

/** Plants a secret in this test process's environment; no sandboxed program may ever see it. */
export function plantEnvCanary(): string {
  const secret = `ilm-canary-${randomBytes(12).toString('hex')}`;
  process.env.ILM_CANARY_SECRET = secret;
  return secret;
}

/**
 * Creates the sandbox of a test file. Fails loudly (never skips) when the real bubblewrap driver
 * is not available: a conformance suite that silently ran without isolation would prove nothing.
 */
export async function createSuiteSandbox(overrides: Partial<SandboxSettings> = {}): Promise<Sandbox> {
  const sandbox = await createSandbox(
    {
      unsafeDev: false,
      python: '/usr/bin/python3',
      node: process.execPath,
      concurrency: 2,
      queueLimit: 50,
      uidBase: SUITE_UID_MIN,
      sessionSandboxes: SUITE_SESSION_SANDBOXES,
      ...overrides,
    },
    testLogger,
  );
  if (!sandbox.info.isolated) {
    await sandbox.close();
    throw new Error(
      `the sandbox conformance suite must run on the bubblewrap driver, but the probe chose ` +
        `"${sandbox.info.driver}" (install bubblewrap at /usr/bin/bwrap). Probe notes:\n  - ${sandbox.info.notes.join('\n  - ')}`,
    );
  }
  return sandbox;
}

const fileName: Record<Language, string> = {
  python: 'solution.py',
  javascript: 'solution.js',
  typescript: 'solution.ts',
};
const adhocName: Record<Language, string> = {
  python: 'main.py',
  javascript: 'main.js',
  typescript: 'main.ts',
};

/** One test case; `weight` 1 and visible unless told otherwise. */
export function testCase(
  name: string,
  args: JsonValue[],
  expected: JsonValue,
  extra: { hidden?: boolean; timeoutMs?: number } = {},
): TestCase {
  return {
    id: name.replace(/[^A-Za-z0-9]+/g, '-'),
    name,
    args,
    expected,
    hidden: extra.hidden ?? false,
    weight: 1,
    ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
  };
}

/** `count` tests of `f(i) == i + 1` (test i gets argument i). */
export function plusOneCases(count: number, timeoutMs: number): TestCase[] {
  return Array.from({ length: count }, (_, i) => testCase(`case ${i}`, [i], i + 1, { timeoutMs }));
}

/** A test run of `source` (one file) calling `entryPoint` (default `f`). */
export function testRun(
  language: Language,
  source: string,
  tests: TestCase[],
  options: { entryPoint?: string; kind?: 'visible' | 'hidden'; sessionId?: string } = {},
): RunRequest {
  return {
    language,
    kind: options.kind ?? 'visible',
    files: [{ path: fileName[language], content: source }],
    entryPoint: options.entryPoint ?? 'f',
    tests,
    ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId }),
  };
}

/** An ad-hoc run of `source` ("run my file") with `stdin`. */
export function adhocRun(language: Language, source: string, stdin = ''): RunRequest {
  return { language, kind: 'adhoc', files: [{ path: adhocName[language], content: source }], stdin };
}

/** The value test `index` returned, parsed back from its JSON rendering. */
export function outputOf(result: RunResult, index = 0): unknown {
  const test = result.tests[index];
  if (!test) throw new Error(`the run has no test ${index}: ${summarize(result)}`);
  if (test.output === '') throw new Error(`test ${index} returned nothing: ${summarize(result)}`);
  return JSON.parse(test.output);
}

/** A short description of a run for assertion messages. */
export function summarize(result: RunResult): string {
  return JSON.stringify({
    status: result.status,
    tests: result.tests.map((test) => ({
      passed: test.passed,
      output: test.output.slice(0, 300),
      error: test.error?.slice(0, 300),
    })),
    stdout: result.stdout.slice(0, 300),
    stderr: result.stderr.slice(0, 300),
    durationMs: result.durationMs,
  });
}

/** Asserts no test of `result` passed (a hostile program must never earn a pass). */
export function expectNothingPassed(result: RunResult): void {
  expect(
    result.tests.map((test) => test.passed),
    summarize(result),
  ).toEqual(result.tests.map(() => false));
  expect(result.passed).toBe(0);
}

/** True when `text` holds no lone surrogate (it can be encoded as UTF-8 and back unchanged). */
export function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One process of the host, as `ps` shows it. */
export interface HostProcess {
  pid: number;
  ppid: number;
  uid: number;
  stat: string;
  args: string;
}

export function hostProcesses(): HostProcess[] {
  const text = execFileSync('ps', ['-ww', '-eo', 'pid=,ppid=,uid=,stat=,args='], { encoding: 'utf8' });
  const processes: HostProcess[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s?(.*)$/.exec(line);
    if (!match) continue;
    processes.push({
      pid: Number(match[1]),
      ppid: Number(match[2]),
      uid: Number(match[3]),
      stat: match[4] ?? '',
      args: match[5] ?? '',
    });
  }
  return processes;
}

const inSuiteRange = (uid: number) => uid >= SUITE_UID_MIN && uid <= SUITE_UID_MAX;

/**
 * Live (non-zombie) host processes a finished run may have left behind: any process whose command
 * line carries `marker`, and any process running as a sandbox uid that is not part of a live
 * sandbox. A live sandbox (pre-started, or running another file's program) is a chain of
 * processes whose command lines mention /sandbox, hanging under the node process that owns the
 * pool; an escaped process is reparented away from it, or runs something else.
 */
export function leftoverProcesses(marker: string): HostProcess[] {
  const processes = hostProcesses().filter((entry) => !entry.stat.startsWith('Z'));
  const byPid = new Map(processes.map((entry) => [entry.pid, entry]));
  const attachedToLivePool = (entry: HostProcess): boolean => {
    let current: HostProcess | undefined = entry;
    for (let depth = 0; current && depth < 64; depth += 1) {
      if (!inSuiteRange(current.uid)) return current.uid === 0 && /\bnode\b/.test(current.args);
      if (!current.args.includes('/sandbox')) return false;
      current = byPid.get(current.ppid);
    }
    return false;
  };
  return processes.filter(
    (entry) => entry.args.includes(marker) || (inSuiteRange(entry.uid) && !attachedToLivePool(entry)),
  );
}

/** Waits up to `withinMs` for every process a run left behind to be gone, then asserts it. */
export async function expectNoLeftovers(marker: string, withinMs = 1_500): Promise<void> {
  const deadline = Date.now() + withinMs;
  let left = leftoverProcesses(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = leftoverProcesses(marker);
  }
  expect(
    left.map((entry) => `${entry.pid} uid=${entry.uid} ppid=${entry.ppid} ${entry.args.slice(0, 200)}`),
  ).toEqual([]);
}

/** Content hash and modification time of a host file, to prove it was not touched. */
export function fingerprint(file: string): { sha256: string; mtimeMs: number; size: number } {
  const stat = statSync(file);
  return {
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    mtimeMs: stat.mtimeMs,
    size: stat.size,
  };
}

/** A marker unique to one test, for file names and command lines. */
export function uniqueMarker(label: string): string {
  return `ilm-${label}-${randomBytes(6).toString('hex')}`;
}
