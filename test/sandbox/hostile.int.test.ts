/**
 * Sandbox conformance, hostile programs (SANDBOX.md "Hostile programs the conformance suite must
 * contain"): every program ends in a clean, exact verdict, never earns a pass it did not compute,
 * and leaves the HOST untouched (processes, files, environment, services).
 *
 * Runs against the real bubblewrap driver; fails (never skips) when it is not available.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRequestSchema, type RunResult } from '../../src/modules/sandbox/sandbox.schema.ts';
import type { Sandbox } from '../../src/modules/sandbox/sandbox.service.ts';
import {
  adhocRun,
  createSuiteSandbox,
  expectNoLeftovers,
  expectNothingPassed,
  fingerprint,
  isWellFormed,
  outputOf,
  plantEnvCanary,
  plusOneCases,
  summarize,
  testCase,
  testRun,
  uniqueMarker,
} from './support.ts';

// Planted before the sandbox exists: nothing the sandbox starts may ever carry it.
const canary = plantEnvCanary();

let sandbox: Sandbox;
let hostCanaryProcess: ChildProcess;
let hostDir: string;

beforeAll(async () => {
  sandbox = await createSuiteSandbox();
  // A host process the programs below try to kill: it must outlive every one of them.
  hostCanaryProcess = spawn('sleep', ['300'], { stdio: 'ignore' });
  hostDir = mkdtempSync(path.join(tmpdir(), 'ilm-hostile-'));
});

afterAll(async () => {
  await sandbox?.close();
  if (hostCanaryProcess?.pid !== undefined && hostCanaryProcess.exitCode === null) hostCanaryProcess.kill();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

/** Runs and also measures the wall time seen by the caller. */
async function timedRun(request: Parameters<Sandbox['run']>[0]): Promise<{ result: RunResult; ms: number }> {
  const started = performance.now();
  const result = await sandbox.run(request);
  return { result, ms: performance.now() - started };
}

/** The pool still runs an honest program correctly after a hostile one. */
async function expectSandboxStillWorks(): Promise<void> {
  const result = await sandbox.run(testRun('python', 'def f(x):\n    return x + 1\n', plusOneCases(2, 1000)));
  expect(result.status, summarize(result)).toBe('ok');
  expect(result.tests.map((test) => test.passed)).toEqual([true, true]);
}

function hostCanaryAlive(): boolean {
  const pid = hostCanaryProcess.pid;
  if (pid === undefined || hostCanaryProcess.exitCode !== null || hostCanaryProcess.signalCode !== null)
    return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox conformance: hostile programs', () => {
  it('runs on the real bubblewrap driver, isolated', () => {
    expect(['bwrap-userns', 'bwrap-root'], `driver: ${sandbox.info.driver}`).toContain(sandbox.info.driver);
    expect(sandbox.info.isolated).toBe(true);
    expect(sandbox.info.languages).toEqual(expect.arrayContaining(['python', 'javascript', 'typescript']));
  });

  describe('time', () => {
    it('an infinite loop times out its own test, and later tests still run (Python, JavaScript)', async () => {
      const tests = plusOneCases(2, 300);
      const [py, js] = await Promise.all([
        sandbox.run(
          testRun('python', 'def f(x):\n    while x == 0:\n        pass\n    return x + 1\n', tests),
        ),
        sandbox.run(testRun('javascript', 'function f(x) { while (x === 0) {} return x + 1; }', tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
        expect(result.tests[0]?.error).toBe('time limit exceeded (300 ms)');
      }
    });

    it('an infinite loop while loading ends the run with timeout (Python, JavaScript)', async () => {
      const tests = plusOneCases(1, 300);
      const [py, js] = await Promise.all([
        timedRun(testRun('python', 'while True:\n    pass\n\ndef f(x):\n    return x + 1\n', tests)),
        timedRun(testRun('javascript', 'for (;;) {}\nfunction f(x) { return x + 1; }', tests)),
      ]);
      for (const { result, ms } of [py, js]) {
        expect(result.status, summarize(result)).toBe('timeout');
        expectNothingPassed(result);
        // The load budget is 2 s (LOAD_BUDGET_MS); the wall limit of the run would be 5 s.
        expect(ms, summarize(result)).toBeLessThan(4_000);
      }
    });

    it('sleeping past the limit times out (Python sleep, JavaScript timer and Atomics.wait)', async () => {
      const tests = plusOneCases(2, 300);
      const [py, jsAsync, jsSync] = await Promise.all([
        timedRun(
          testRun('python', 'import time\n\ndef f(x):\n    time.sleep(30)\n    return x + 1\n', tests),
        ),
        timedRun(
          testRun(
            'javascript',
            'async function f(x) { await new Promise((r) => setTimeout(r, 30000)); return x + 1; }',
            tests,
          ),
        ),
        timedRun(
          testRun(
            'javascript',
            'function f(x) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000); return x + 1; }',
            tests,
          ),
        ),
      ]);
      for (const { result, ms } of [py, jsAsync, jsSync]) {
        expect(result.status, summarize(result)).toBe('ok');
        expectNothingPassed(result);
        expect(result.tests.map((test) => test.error)).toEqual([
          'time limit exceeded (300 ms)',
          'time limit exceeded (300 ms)',
        ]);
        expect(ms).toBeLessThan(5_000);
      }
    });

    it('a SIGALRM / SIGXCPU handler installed by the program cannot stop the clock: timeout within the wall limit', async () => {
      const source = [
        'import signal',
        '',
        'def f(x):',
        '    signal.signal(signal.SIGALRM, signal.SIG_IGN)',
        '    signal.signal(signal.SIGXCPU, signal.SIG_IGN)',
        '    signal.setitimer(signal.ITIMER_REAL, 0)',
        '    while True:',
        '        pass',
        '',
      ].join('\n');
      const { result, ms } = await timedRun(testRun('python', source, plusOneCases(2, 300)));
      expect(result.status, summarize(result)).toBe('timeout');
      expectNothingPassed(result);
      expect(result.tests[1]?.error).toMatch(/^not run/);
      // Wall limit of this run: max(5 s, 2 × CPU + 1 s, load budget + tests) = 5 s.
      expect(result.durationMs).toBeLessThan(5_500);
      expect(ms).toBeLessThan(7_000);
    });
  });

  describe('memory', () => {
    it('a memory bomb of lists / mmap of /dev/zero (Python) ends with memory_limit', async () => {
      const lists = 'def f(x):\n    hoard = []\n    while True:\n        hoard.append([x] * 100000)\n';
      const mmap = [
        'import mmap',
        '',
        'def f(x):',
        '    with open("/dev/zero", "rb") as zero:',
        '        area = mmap.mmap(zero.fileno(), 1 << 30, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)',
        '    for offset in range(0, len(area), 4096):',
        '        area[offset] = 1',
        '    return x + 1',
        '',
      ].join('\n');
      const tests = plusOneCases(2, 5_000);
      const results = await Promise.all([
        sandbox.run(testRun('python', lists, tests)),
        sandbox.run(testRun('python', mmap, tests)),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('memory_limit');
        expectNothingPassed(result);
        expect(result.tests[0]?.error).toBe('not run: the memory limit was exceeded');
      }
    });

    it('a memory bomb of arrays / Buffers (JavaScript) ends with memory_limit', async () => {
      // A generous time limit: on a loaded machine V8 collects for seconds before it gives up, and
      // the test is about how it ends, not how fast.
      const tests = plusOneCases(2, 10_000);
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'javascript',
            'function f(x) { const hoard = []; for (;;) hoard.push(new Array(100000).fill(x + 0.5)); }',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            'function f(x) { const hoard = []; for (;;) hoard.push(Buffer.alloc(32 * 1024 * 1024, 1)); }',
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('memory_limit');
        expectNothingPassed(result);
      }
      await expectSandboxStillWorks();
    });

    it('one impossible allocation (Python MemoryError) is a clean failed test; later tests still run', async () => {
      const source = 'def f(x):\n    if x == 0:\n        return len(bytearray(1 << 40))\n    return x + 1\n';
      const result = await sandbox.run(testRun('python', source, plusOneCases(2, 2_000)));
      // The process survived and reported: the program's own exception, like any other.
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
      expect(result.tests[0]?.error).toMatch(/MemoryError/);
    });
  });

  describe('processes', () => {
    it('a Python os.fork bomb ends; no process is left behind', async () => {
      const marker = uniqueMarker('forkbomb');
      const source =
        'import os\n\ndef f(x):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n';
      const { result, ms } = await timedRun(testRun('python', source, plusOneCases(2, 500)));
      expect(result.status, summarize(result)).toBe('ok');
      expectNothingPassed(result);
      expect(result.tests.map((test) => test.error)).toEqual([
        'time limit exceeded (500 ms)',
        'time limit exceeded (500 ms)',
      ]);
      expect(ms).toBeLessThan(6_000);
      await expectNoLeftovers(marker);
      await expectSandboxStillWorks();
    });

    it('a shell fork bomb :(){ :|:& };: (from Python and JavaScript) ends; no process is left behind', async () => {
      const marker = uniqueMarker('shellbomb');
      const python = [
        'import subprocess, time',
        '',
        'def f(x, marker):',
        '    subprocess.run(["/bin/bash", "-c", ":(){ :|:& };:", marker],',
        '                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)',
        '    time.sleep(0.1)',
        '    return x + 1',
        '',
      ].join('\n');
      const javascript = [
        "const { spawnSync } = require('node:child_process');",
        'function f(x, marker) {',
        "  spawnSync('/bin/sh', ['-c', 'b() { b | b & }; b', marker], { stdio: 'ignore' });",
        '  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);',
        '  return x + 1;',
        '}',
      ].join('\n');
      // A generous per-test limit: the bomb competes with the program for the run's one core.
      const tests = [testCase('bomb', [0, marker], 1, { timeoutMs: 8_000 })];
      const [py, js] = await Promise.all([
        timedRun(testRun('python', python, tests)),
        timedRun(testRun('javascript', javascript, tests)),
      ]);
      for (const { result, ms } of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests[0]?.passed, summarize(result)).toBe(true);
        expect(ms).toBeLessThan(12_000);
      }
      await expectNoLeftovers(marker);
      await expectSandboxStillWorks();
    });

    it('a thread bomb (Python) / worker bomb (JavaScript) fails its test cleanly; later tests still run', async () => {
      const python = [
        'import threading, time',
        '',
        'def f(x):',
        '    while x == 0:',
        '        threading.Thread(target=time.sleep, args=(100,), daemon=True).start()',
        '    return x + 1',
        '',
      ].join('\n');
      const javascript = [
        "const { Worker } = require('node:worker_threads');",
        'function f(x) {',
        "  while (x === 0) new Worker('setInterval(() => {}, 1000)', { eval: true });",
        '  return x + 1;',
        '}',
      ].join('\n');
      const tests = plusOneCases(2, 8_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
      }
      expect(py.tests[0]?.error).toMatch(/can't start new thread/);
      expect(js.tests[0]?.error).toMatch(/EAGAIN|ERR_WORKER/);
      await expectNoLeftovers(uniqueMarker('unused'));
    });

    it('a daemon (double fork + setsid, Python and JavaScript) does not outlive the run', async () => {
      const marker = uniqueMarker('daemon');
      const loop = "trap '' HUP TERM INT; while :; do sleep 1; done";
      const python = [
        'import os',
        '',
        'def f(x, marker):',
        '    pid = os.fork()',
        '    if pid == 0:',
        '        os.setsid()',
        '        if os.fork() == 0:',
        `            os.execv("/bin/sh", ["/bin/sh", "-c", ${JSON.stringify(loop)}, marker])`,
        '        os._exit(0)',
        '    os.waitpid(pid, 0)',
        '    return x + 1',
        '',
      ].join('\n');
      const javascript = [
        "const { spawn } = require('node:child_process');",
        'function f(x, marker) {',
        `  spawn('/bin/sh', ['-c', ${JSON.stringify(loop)}, marker], { detached: true, stdio: 'ignore' }).unref();`,
        '  return x + 1;',
        '}',
      ].join('\n');
      const pythonAdhoc = `${python}\nf(0, ${JSON.stringify(marker)})\nprint("parent done")\n`;
      const tests = [testCase('daemon', [0, marker], 1)];
      const results = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests[0]?.passed).toBe(true);
      }
      const adhoc = await sandbox.run(adhocRun('python', pythonAdhoc));
      expect(adhoc.status, summarize(adhoc)).toBe('ok');
      expect(adhoc.stdout).toBe('parent done\n');
      await expectNoLeftovers(marker);
    });

    it('killing the parent, pid 1 and -1 leaves the host and the harness alive (Python, JavaScript)', async () => {
      expect(hostCanaryAlive()).toBe(true);
      const python = [
        'import os, signal',
        '',
        'def f(x):',
        '    for target in (os.getppid(), 1, -1):',
        '        try:',
        '            os.kill(target, signal.SIGKILL)',
        '        except OSError:',
        '            pass',
        '    return x + 1',
        '',
      ].join('\n');
      const javascript = [
        'function f(x) {',
        "  for (const target of [process.ppid, 1, -1]) { try { process.kill(target, 'SIGKILL'); } catch {} }",
        '  return x + 1;',
        '}',
      ].join('\n');
      const tests = plusOneCases(2, 1_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, true]);
      }
      // The same from an ad-hoc run (a different start path).
      const adhoc = await sandbox.run(adhocRun('python', `${python}\nprint(f(41))\n`));
      expect(adhoc.status, summarize(adhoc)).toBe('ok');
      expect(adhoc.stdout).toBe('42\n');
      expect(hostCanaryAlive()).toBe(true);
      await expectSandboxStillWorks();
    });

    it('sees only its own processes in /proc (Python, JavaScript)', async () => {
      const python = [
        'import os',
        '',
        'def f(x):',
        '    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())',
        '    commands = []',
        '    for pid in pids[:20]:',
        '        try:',
        '            with open("/proc/%d/cmdline" % pid, "rb") as handle:',
        '                commands.append(os.path.basename(handle.read().split(b"\\0")[0].decode("latin-1")))',
        '        except OSError as exc:',
        '            commands.append(type(exc).__name__)',
        '    return {"count": len(pids), "pids": pids[:20], "commands": commands}',
        '',
      ].join('\n');
      const javascript = [
        "const fs = require('node:fs');",
        "const path = require('node:path');",
        'function f(x) {',
        "  const pids = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map(Number).sort((a, b) => a - b);",
        '  const commands = pids.slice(0, 20).map((pid) => {',
        "    try { return path.basename(fs.readFileSync('/proc/' + pid + '/cmdline', 'latin1').split('\\0')[0]); }",
        '    catch (error) { return error.code; }',
        '  });',
        '  return { count: pids.length, pids: pids.slice(0, 20), commands };',
        '}',
      ].join('\n');
      const tests = plusOneCases(1, 2_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      const expectedCommands = { python: ['bwrap', 'python3'], javascript: ['bwrap', 'node'] };
      for (const [language, result] of [
        ['python', py],
        ['javascript', js],
      ] as const) {
        expect(result.status, summarize(result)).toBe('ok');
        const seen = outputOf(result) as { count: number; pids: number[]; commands: string[] };
        expect(seen.count, JSON.stringify(seen)).toBeLessThanOrEqual(3);
        expect(seen.pids).not.toContain(process.pid);
        expect(seen.pids).not.toContain(hostCanaryProcess.pid);
        for (const command of seen.commands) expect(expectedCommands[language]).toContain(command);
      }
    });

    it('cannot unshare namespaces or become root (Python, JavaScript)', async () => {
      const python = [
        'import ctypes, os, subprocess',
        '',
        'def f(x):',
        '    out = {}',
        '    for name, action in (("setuid", lambda: os.setuid(0)), ("setgid", lambda: os.setgid(0)),',
        '                         ("seteuid", lambda: os.seteuid(0))):',
        '        try:',
        '            action()',
        '            out[name] = "succeeded"',
        '        except OSError as exc:',
        '            out[name] = type(exc).__name__',
        '    libc = ctypes.CDLL(None, use_errno=True)',
        '    for name, flag in (("user", 0x10000000), ("mount", 0x00020000), ("net", 0x40000000), ("pid", 0x20000000)):',
        '        out["unshare " + name] = "succeeded" if libc.unshare(flag) == 0 else os.strerror(ctypes.get_errno())',
        '    try:',
        '        done = subprocess.run(["unshare", "-r", "id", "-u"], capture_output=True, text=True)',
        '        out["unshare -r"] = "succeeded" if done.returncode == 0 else "exit %d" % done.returncode',
        '    except OSError as exc:',
        '        out["unshare -r"] = type(exc).__name__',
        '    out["uid"] = os.getuid()',
        '    return out',
        '',
      ].join('\n');
      const javascript = [
        "const { spawnSync } = require('node:child_process');",
        'function f(x) {',
        '  const out = {};',
        "  for (const [name, action] of [['setuid', () => process.setuid(0)], ['setgid', () => process.setgid(0)]]) {",
        "    try { action(); out[name] = 'succeeded'; } catch (error) { out[name] = error.code ?? String(error); }",
        '  }',
        "  const done = spawnSync('unshare', ['-r', 'id', '-u']);",
        "  out['unshare -r'] = done.status === 0 ? 'succeeded' : 'exit ' + done.status;",
        '  out.uid = process.getuid();',
        '  return out;',
        '}',
      ].join('\n');
      const tests = plusOneCases(1, 2_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        const out = outputOf(result) as Record<string, string | number>;
        const { uid, ...attempts } = out;
        expect(Object.keys(attempts).length).toBeGreaterThanOrEqual(3);
        for (const [name, outcome] of Object.entries(attempts)) expect(outcome, name).not.toBe('succeeded');
        expect(uid).not.toBe(0);
      }
    });

    it('fd exhaustion fails its own test; later tests still run (Python, JavaScript)', async () => {
      const python =
        'def f(x):\n    handles = []\n    while x == 0:\n        handles.append(open("/dev/null"))\n    return x + 1\n';
      const javascript = [
        "const fs = require('node:fs');",
        'const leaked = [];',
        "function f(x) { while (x === 0) leaked.push(fs.openSync('/dev/null', 'r')); return x + 1; }",
      ].join('\n');
      const tests = plusOneCases(2, 2_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
      }
      expect(py.tests[0]?.error).toMatch(/Too many open files/);
      expect(js.tests[0]?.error).toMatch(/EMFILE/);
    });
  });

  describe('output', () => {
    // The process driver reads the pipes in chunks of up to 64 KiB. A program that writes faster
    // than it is read hands over one full 64 KiB chunk first, exactly the output limit; the cases
    // below write in large blocks so that this always happens, and the limit must still apply.
    it('endless stdout / stderr of an ad-hoc run ends with output_limit (Python, JavaScript)', async () => {
      const results = await Promise.all([
        // (Python's stdout and JavaScript's stderr are covered by the test-run case below.)
        sandbox.run(adhocRun('python', 'import sys\nwhile True:\n    sys.stderr.write("y" * 100000)\n')),
        sandbox.run(adhocRun('javascript', "for (;;) process.stdout.write('x'.repeat(100000));")),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('output_limit');
        expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(64 * 1024);
      }
    });

    it('endless writes to the real stdout / stderr in a test run end with output_limit (Python, JavaScript)', async () => {
      const tests = plusOneCases(1, 2_000);
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'import os\n\ndef f(x):\n    while True:\n        os.write(1, b"x" * 65536)\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            "const fs = require('node:fs');\nfunction f(x) { for (;;) fs.writeSync(2, 'y'.repeat(65536)); }",
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('output_limit');
        expectNothingPassed(result);
        expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(64 * 1024);
      }
    });

    it('output of exactly 64 KiB followed by more is over the limit (output_limit)', async () => {
      const source =
        'import os, time\nos.write(1, b"x" * 65536)\ntime.sleep(0.3)\nos.write(1, b"y" * 100000)\n';
      const result = await sandbox.run(adhocRun('python', source));
      expect(result.status, summarize(result)).toBe('output_limit');
    });

    it('output over the limit in pieces the reader sees one by one ends with output_limit (Python, JavaScript)', async () => {
      const pause = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);';
      const [py, js] = await Promise.all([
        sandbox.run(
          adhocRun(
            'python',
            'import os, time\nos.write(1, b"x" * 40000)\ntime.sleep(0.2)\nos.write(1, b"y" * 40000)\ntime.sleep(0.2)\nprint("still running")\n',
          ),
        ),
        sandbox.run(
          adhocRun(
            'javascript',
            `const fs = require('node:fs');\nfs.writeSync(2, 'x'.repeat(40000)); ${pause}\nfs.writeSync(2, 'y'.repeat(40000)); ${pause}\nconsole.log('still running');`,
          ),
        ),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('output_limit');
        expect(result.stdout).not.toContain('still running');
        expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(64 * 1024);
      }
    });

    it('endless print() inside a test is capped by the harness: the test times out with truncated output', async () => {
      const result = await sandbox.run(
        testRun('python', 'def f(x):\n    while True:\n        print("x" * 100)\n', plusOneCases(1, 500)),
      );
      expect(result.status, summarize(result)).toBe('ok');
      expectNothingPassed(result);
      expect(result.tests[0]?.error).toBe('time limit exceeded (500 ms)');
      expect(result.stdout).toContain('[output truncated]');
      expect(result.stdout.length).toBeLessThan(10_000);
    });

    it('escape sequences and invalid UTF-8 come back as well-formed text (Python, JavaScript)', async () => {
      const pythonAdhoc = String.raw`import os
os.write(1, b"\x1b[2J\x1b]0;title\x07 bytes:\xff\xfe\xc3\x28 end\n")
os.write(2, b"\x00\x1b[31m\xff\n")
`;
      const pythonTest = String.raw`import os

def f(x):
    print("\x1b[31mred\x1b[0m", "\udcff")
    os.write(1, b"\xff\xfe\n")
    return "\x1b[2J" + chr(0xdcff)
`;
      const javascript = String.raw`const fs = require('node:fs');
function f(x) {
  console.log('\x1b[31mred\x1b[0m');
  fs.writeSync(1, Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0xc3, 0x28, 0x0a]));
  fs.writeSync(2, Buffer.from([0x00, 0xff, 0x0a]));
  return '\x1b[2J';
}`;
      const tests = plusOneCases(1, 2_000);
      const results = await Promise.all([
        sandbox.run(adhocRun('python', pythonAdhoc)),
        sandbox.run(testRun('python', pythonTest, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(typeof result.stdout).toBe('string');
        expect(isWellFormed(result.stdout), JSON.stringify(result.stdout)).toBe(true);
        expect(isWellFormed(result.stderr), JSON.stringify(result.stderr)).toBe(true);
        for (const test of result.tests) {
          expect(isWellFormed(test.output)).toBe(true);
          expect(test.passed).toBe(false);
        }
        expect(result.stdout).toContain('\u001b[');
      }
      expect(results[0]?.stdout).toContain('\ufffd');
      expect(results[2]?.stdout).toContain('\ufffd');
    });
  });

  describe('secrets and the host', () => {
    it('reads no secrets: /etc/shadow, /root, /home, /proc/1/environ, the environment (Python test run)', async () => {
      const source = [
        'import os',
        '',
        'def f(x):',
        '    found = {}',
        '    for path in ["/etc/shadow", "/etc/passwd", "/root", "/home", "/proc/1/environ", "/proc/self/environ"]:',
        '        try:',
        '            if os.path.isdir(path):',
        '                found[path] = "dir:" + ",".join(os.listdir(path))',
        '            else:',
        '                with open(path, "rb") as handle:',
        '                    found[path] = "file:" + handle.read().decode("latin-1")',
        '        except OSError as exc:',
        '            found[path] = "error:" + type(exc).__name__',
        '    for pid in os.listdir("/proc"):',
        '        if pid.isdigit():',
        '            try:',
        '                with open("/proc/%s/environ" % pid, "rb") as handle:',
        '                    found["environ of " + pid] = handle.read().decode("latin-1")',
        '            except OSError as exc:',
        '                found["environ of " + pid] = "error:" + type(exc).__name__',
        '    found["os.environ"] = dict(os.environ)',
        '    return found',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('python', source, plusOneCases(1, 2_000)));
      expect(result.status, summarize(result)).toBe('ok');
      const found = outputOf(result) as Record<string, unknown>;
      for (const secretPath of ['/etc/shadow', '/etc/passwd', '/root', '/home']) {
        expect(String(found[secretPath]), secretPath).toMatch(/^error:/);
      }
      expect(Object.keys(found['os.environ'] as object).sort()).toEqual(
        expect.arrayContaining(['HOME', 'PATH']),
      );
      for (const key of Object.keys(found['os.environ'] as object)) {
        expect(['HOME', 'PATH', 'PWD', 'LC_CTYPE']).toContain(key);
      }
      expectNoHostEnvironment(result);
    });

    it('reads no secrets from an ad-hoc run either (JavaScript)', async () => {
      const source = [
        "const fs = require('node:fs');",
        'const found = { env: process.env };',
        "for (const p of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {",
        "  try { found['environ of ' + p] = fs.readFileSync('/proc/' + p + '/environ', 'latin1'); }",
        "  catch (error) { found['environ of ' + p] = 'error:' + error.code; }",
        '}',
        "for (const p of ['/etc/shadow', '/root', '/home']) {",
        "  try { found[p] = fs.readFileSync(p, 'latin1'); } catch (error) { found[p] = 'error:' + error.code; }",
        '}',
        'console.log(JSON.stringify(found));',
      ].join('\n');
      const result = await sandbox.run(adhocRun('javascript', source));
      expect(result.status, summarize(result)).toBe('ok');
      const found = JSON.parse(result.stdout) as Record<string, unknown>;
      for (const secretPath of ['/etc/shadow', '/root', '/home']) {
        expect(String(found[secretPath]), secretPath).toMatch(/^error:/);
      }
      for (const key of Object.keys(found.env as object)) expect(['HOME', 'PATH', 'PWD']).toContain(key);
      expectNoHostEnvironment(result);
    });

    it('reaches no network: TCP to the real Redis and PostgreSQL, UDP, DNS (Python, JavaScript)', async () => {
      // The services are really there for the test process: the sandbox is what stops the program.
      for (const port of [6379, 5432]) await expect(canConnect(port)).resolves.toBe(true);
      const python = [
        'import socket',
        '',
        'def attempt(action):',
        '    try:',
        '        action()',
        '        return "succeeded"',
        '    except OSError as exc:',
        '        return type(exc).__name__',
        '',
        'def udp():',
        '    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
        '    s.settimeout(1)',
        '    s.sendto(b"\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x07example\\x03com\\x00\\x00\\x01\\x00\\x01", ("8.8.8.8", 53))',
        '    s.recvfrom(512)',
        '',
        'def f(x):',
        '    out = {}',
        '    for port in (6379, 5432):',
        '        out["tcp %d" % port] = attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close())',
        '    out["udp"] = attempt(udp)',
        '    out["dns"] = attempt(lambda: socket.getaddrinfo("example.com", 80))',
        '    return out',
        '',
      ].join('\n');
      const javascript = [
        "const net = require('node:net');",
        "const dgram = require('node:dgram');",
        "const dns = require('node:dns');",
        'const tcp = (port) => new Promise((resolve) => {',
        "  const socket = net.connect(port, '127.0.0.1');",
        "  socket.on('connect', () => { socket.destroy(); resolve('succeeded'); });",
        "  socket.on('error', (error) => resolve(error.code));",
        '});',
        'const udp = () => new Promise((resolve) => {',
        "  const socket = dgram.createSocket('udp4');",
        "  socket.send('ping', 53, '8.8.8.8', (error) => { socket.close(); resolve(error ? error.code : 'succeeded'); });",
        '});',
        "const lookup = () => new Promise((resolve) => dns.lookup('example.com', (error) => resolve(error ? error.code : 'succeeded')));",
        'async function f(x) {',
        "  return { 'tcp 6379': await tcp(6379), 'tcp 5432': await tcp(5432), udp: await udp(), dns: await lookup() };",
        '}',
      ].join('\n');
      const tests = plusOneCases(1, 4_000);
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('ok');
        const out = outputOf(result) as Record<string, string>;
        expect(Object.keys(out).sort()).toEqual(['dns', 'tcp 5432', 'tcp 6379', 'udp']);
        for (const [name, outcome] of Object.entries(out)) expect(outcome, name).not.toBe('succeeded');
      }
    });

    it('writes nothing outside its work dir or to /: nothing appears on the host (Python test run, JavaScript ad hoc)', async () => {
      const marker = uniqueMarker('escape');
      const targets = ['/', '/sandbox/', '/usr/', '/etc/', '/tmp/', '/dev/shm/', '/dev/'].map(
        (directory) => `${directory}${marker}`,
      );
      const python = [
        'def f(x, targets):',
        '    out = {}',
        '    for target in targets:',
        '        try:',
        '            with open(target, "w") as handle:',
        '                handle.write("escaped")',
        '            out[target] = "written"',
        '        except OSError as exc:',
        '            out[target] = type(exc).__name__',
        '    return out',
        '',
      ].join('\n');
      const javascript = [
        "const fs = require('node:fs');",
        'const out = {};',
        `for (const target of ${JSON.stringify(targets)}) {`,
        "  try { fs.writeFileSync(target, 'escaped'); out[target] = 'written'; } catch (error) { out[target] = error.code; }",
        '}',
        'console.log(JSON.stringify(out));',
      ].join('\n');
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, [testCase('write', [0, targets], null, { timeoutMs: 2_000 })])),
        sandbox.run(adhocRun('javascript', javascript)),
      ]);
      expect(py.status, summarize(py)).toBe('ok');
      expect(js.status, summarize(js)).toBe('ok');
      for (const out of [outputOf(py), JSON.parse(js.stdout)] as Array<Record<string, string>>) {
        // The read-only parts of the sandbox refuse; /tmp and /dev are the sandbox's own tmpfs.
        for (const target of [`/${marker}`, `/sandbox/${marker}`, `/usr/${marker}`, `/etc/${marker}`]) {
          expect(out[target], target).not.toBe('written');
        }
      }
      for (const target of targets) expect(existsSync(target), `host ${target}`).toBe(false);
      expect(existsSync(path.join(tmpdir(), marker))).toBe(false);
    });

    it('filling /tmp and writing a huge file end in bounded errors; the host disk does not fill (Python, JavaScript)', async () => {
      const freeBefore = freeBytes(tmpdir());
      const python = [
        'import errno, os',
        '',
        'def f(kind):',
        '    written = 0',
        '    try:',
        '        if kind == "huge":',
        '            with open("/tmp/huge", "wb") as handle:',
        '                for _ in range(1024):',
        '                    handle.write(b"x" * (1 << 20))',
        '                    written += 1',
        '        else:',
        '            while True:',
        '                with open("/tmp/fill-%d" % written, "wb") as handle:',
        '                    handle.write(b"x" * (1 << 20))',
        '                written += 1',
        '    except OSError as exc:',
        '        return [errno.errorcode.get(exc.errno, str(exc.errno)), written]',
        '    finally:',
        '        if kind == "huge" and os.path.exists("/tmp/huge"):',
        '            os.remove("/tmp/huge")',
        '    return ["no limit", written]',
        '',
      ].join('\n');
      const javascript = [
        "const fs = require('node:fs');",
        'function f(kind) {',
        '  let written = 0;',
        '  try {',
        "    const fd = fs.openSync('/tmp/huge', 'w');",
        '    for (let i = 0; i < 1024; i++) { fs.writeSync(fd, Buffer.alloc(1 << 20, 1)); written++; }',
        '  } catch (error) { return [error.code, written]; }',
        "  return ['no limit', written];",
        '}',
      ].join('\n');
      const tests = [
        testCase('huge file', ['huge'], null, { timeoutMs: 3_000 }),
        testCase('fill /tmp', ['fill'], null, { timeoutMs: 3_000 }),
      ];
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests.slice(0, 1))),
      ]);
      expect(py.status, summarize(py)).toBe('ok');
      expect(outputOf(py, 0)).toEqual(['EFBIG', 8]);
      const [fillError, filled] = outputOf(py, 1) as [string, number];
      expect(fillError).toBe('ENOSPC');
      expect(filled).toBeLessThanOrEqual(16);
      expect(js.status, summarize(js)).toBe('ok');
      expect(outputOf(js, 0)).toEqual(['EFBIG', 8]);
      // /dev/shm is a tmpfs of its own, as small as /tmp: filling it ends in ENOSPC.
      const devFill = await sandbox.run(
        testRun(
          'python',
          'def f(x):\n    i = 0\n    while True:\n        with open("/dev/shm/fill-%d" % i, "wb") as h:\n            h.write(b"x" * (4 << 20))\n        i += 1\n',
          plusOneCases(1, 5_000),
        ),
      );
      expect(devFill.status, summarize(devFill)).toBe('ok');
      expect(devFill.tests[0]?.error).toContain('No space left on device');
      expect(freeBefore - freeBytes(tmpdir())).toBeLessThan(256 * 1024 * 1024);
      await expectSandboxStillWorks();
    });

    it('symlinks planted at result paths never make the host touch its own files', async () => {
      const hostFile = path.join(hostDir, 'canary.txt');
      writeFileSync(hostFile, 'host canary\n');
      const before = { passwd: fingerprint('/etc/passwd'), canary: fingerprint(hostFile) };
      const python = [
        'import os',
        '',
        'def f(x, host_file):',
        '    out = {}',
        '    def attempt(name, action):',
        '        try:',
        '            action()',
        '            out[name] = "succeeded"',
        '        except OSError as exc:',
        '            out[name] = type(exc).__name__',
        '    for link in ("/sandbox/result.json", "/sandbox/.harness/result.json", "/sandbox/out.txt"):',
        '        attempt("symlink " + link, lambda: os.symlink("/etc/passwd", link))',
        '    attempt("symlink /tmp/result.json", lambda: os.symlink("/etc/passwd", "/tmp/result.json"))',
        '    attempt("write through it", lambda: open("/tmp/result.json", "w").write("pwned"))',
        '    attempt("symlink to host file", lambda: os.symlink(host_file, "/tmp/out.txt"))',
        '    attempt("write through host-file link", lambda: open("/tmp/out.txt", "w").write("pwned"))',
        '    attempt("write /etc/passwd", lambda: open("/etc/passwd", "w").write("pwned"))',
        '    return out',
        '',
      ].join('\n');
      const adhoc = `${python}\nimport json\nprint(json.dumps(f(0, ${JSON.stringify(hostFile)})))\n`;
      const [test, plain] = await Promise.all([
        sandbox.run(
          testRun('python', python, [testCase('links', [0, hostFile], null, { timeoutMs: 2_000 })]),
        ),
        sandbox.run(adhocRun('python', adhoc)),
      ]);
      expect(test.status, summarize(test)).toBe('ok');
      expect(plain.status, summarize(plain)).toBe('ok');
      for (const out of [outputOf(test), JSON.parse(plain.stdout)] as Array<Record<string, string>>) {
        for (const link of ['/sandbox/result.json', '/sandbox/.harness/result.json', '/sandbox/out.txt']) {
          expect(out[`symlink ${link}`], link).not.toBe('succeeded');
        }
        expect(out['write /etc/passwd']).not.toBe('succeeded');
      }
      expect(fingerprint('/etc/passwd')).toEqual(before.passwd);
      expect(fingerprint(hostFile)).toEqual(before.canary);
    });

    it('a request whose file path climbs out of the work dir writes nothing on the host', async () => {
      const marker = uniqueMarker('traversal');
      const escaped = path.join(tmpdir(), `${marker}.py`);
      try {
        const outcome = await sandbox
          .run({
            language: 'python',
            kind: 'adhoc',
            files: [{ path: `../${marker}.py`, content: 'print("written by the host")\n' }],
          })
          .then(
            (result) => result.status,
            (error: unknown) => `refused: ${(error as Error).message}`,
          );
        expect(existsSync(escaped), `the host wrote ${escaped} (run outcome: ${outcome})`).toBe(false);
      } finally {
        rmSync(escaped, { force: true });
      }
    });

    it('TypeScript is transpiled without running any of it: no marker appears on the host', async () => {
      const marker = uniqueMarker('transpile');
      const hostMarkers = ['decorator', 'namespace', 'toplevel', 'enum'].map((name) =>
        path.join(tmpdir(), `${marker}-${name}`),
      );
      const [decorator, namespace, toplevel, enumMarker] = hostMarkers.map((file) => JSON.stringify(file));
      const source = [
        '/// <reference path="/etc/passwd" />',
        '/// <reference types="node" />',
        "import { writeFileSync } from 'node:fs';",
        `function mark(..._args: unknown[]): void { writeFileSync(${decorator}, 'decorator ran'); }`,
        '@mark',
        'class Decorated { @mark method(): void {} }',
        `const enum Side { A = 1, B = A * 2 }`,
        `enum Effect { Written = (writeFileSync(${enumMarker}, 'enum ran'), 3) }`,
        `namespace Effects { export const done = writeFileSync(${namespace}, 'namespace ran'); }`,
        `writeFileSync(${toplevel}, 'top level ran');`,
        'export function f(x: number): number { return x + Side.A + Effect.Written - 3; }',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('typescript', source, plusOneCases(2, 2_000)));
      // It runs inside the sandbox, where its writes land in the sandbox's own /tmp.
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.tests.map((test) => test.passed)).toEqual([true, true]);
      for (const file of hostMarkers) expect(existsSync(file), file).toBe(false);
    });
  });

  describe('the result channel', () => {
    const wrongTests = () => plusOneCases(2, 1_000);

    it('forged fd-3 lines with a guessed nonce make the run a runtime_error with every test failed (Python, JavaScript)', async () => {
      const python = [
        'import json, os',
        '',
        'def f(x):',
        '    line = json.dumps({"nonce": "0" * 32, "i": x, "status": "ok", "value": x + 1, "stdout": "", "durationMs": 1})',
        '    for fd in range(3, 12):',
        '        try:',
        '            os.write(fd, (line + "\\n").encode())',
        '        except OSError:',
        '            pass',
        '    return -1',
        '',
      ].join('\n');
      const javascript = [
        "const fs = require('node:fs');",
        'function f(x) {',
        "  const line = JSON.stringify({ nonce: '0'.repeat(32), i: x, status: 'ok', value: x + 1, stdout: '', durationMs: 1 });",
        "  try { fs.writeSync(3, line + '\\n'); } catch {}",
        '  return -1;',
        '}',
      ].join('\n');
      const [py, js] = await Promise.all([
        sandbox.run(testRun('python', python, wrongTests())),
        sandbox.run(testRun('javascript', javascript, wrongTests())),
      ]);
      for (const result of [py, js]) {
        expect(result.status, summarize(result)).toBe('runtime_error');
        expectNothingPassed(result);
        expect(result.tests[0]?.error).toBe('the program interfered with the test harness');
      }
    });

    it('the nonce and the channel cannot be taken from the harness frame that calls the function (Python)', async () => {
      const python = [
        'import json, os, sys',
        '',
        'def f(x):',
        '    harness = sys._getframe(1).f_locals',
        '    line = json.dumps({"nonce": harness["nonce"], "i": x, "status": "ok", "value": x + 1, "stdout": "", "durationMs": 1})',
        '    os.write(harness["channel"], (line + "\\n").encode())',
        '    return -1',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('python', python, wrongTests()));
      expectNothingPassed(result);
      for (const test of result.tests) expect(test.error).toContain("KeyError: 'nonce'");
    });

    it('forged passing lines for every test through the calling frame, then os._exit(0), never pass (Python)', async () => {
      const python = [
        'import json, os, sys',
        '',
        'def f(x):',
        '    harness = sys._getframe(1).f_locals',
        '    for test in harness["spec"]["tests"]:',
        '        line = json.dumps({"nonce": harness["nonce"], "i": test["i"], "status": "ok",',
        '                           "value": test["args"][0] + 1, "stdout": "", "durationMs": 1})',
        '        os.write(harness["channel"], (line + "\\n").encode())',
        '    os._exit(0)',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('python', python, wrongTests()));
      expectNothingPassed(result);
    });

    it('a patched json.dumps never turns a wrong answer into a pass (Python)', async () => {
      const python = [
        'import json',
        '',
        '_dumps = json.dumps',
        '',
        'def _forge(obj, *args, **kwargs):',
        '    if isinstance(obj, dict) and "nonce" in obj and obj.get("i", -1) >= 0:',
        '        obj = dict(obj, status="ok", value=obj["i"] + 1)',
        '        obj.pop("error", None)',
        '    return _dumps(obj, *args, **kwargs)',
        '',
        'json.dumps = _forge',
        '',
        'def f(x):',
        '    return -1',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('python', python, wrongTests()));
      expectNothingPassed(result);
    });

    it('a harness whose emit path was replaced through sys.modules never turns a wrong answer into a pass (Python)', async () => {
      const python = [
        'import json, sys',
        '',
        'harness = sys.modules["__main__"]',
        '_write_all = harness._write_all',
        '',
        'def _forge(fd, data):',
        '    event = json.loads(bytes(data))',
        '    if event.get("i", -1) >= 0:',
        '        event.update(status="ok", value=event["i"] + 1)',
        '        event.pop("error", None)',
        '    return _write_all(fd, (json.dumps(event) + "\\n").encode())',
        '',
        'harness._write_all = _forge',
        '',
        'def f(x):',
        '    return -1',
        '',
      ].join('\n');
      const result = await sandbox.run(testRun('python', python, wrongTests()));
      expectNothingPassed(result);
    });

    it('a patched JSON.stringify never turns a wrong answer into a pass (JavaScript)', async () => {
      const javascript = [
        'const stringify = JSON.stringify;',
        'JSON.stringify = function (value, ...rest) {',
        "  if (value && typeof value === 'object' && 'nonce' in value && value.i >= 0) {",
        "    value = { ...value, status: 'ok', value: value.i + 1 };",
        '    delete value.error;',
        '  }',
        '  return stringify.call(this, value, ...rest);',
        '};',
        'function f(x) { return -1; }',
      ].join('\n');
      const result = await sandbox.run(testRun('javascript', javascript, wrongTests()));
      expectNothingPassed(result);
    });

    it('os._exit(0) / process.exit(0) between tests: later tests are "not run", never passed', async () => {
      const tests = plusOneCases(3, 1_000);
      const [py, js] = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'import os\n\ndef f(x):\n    if x == 1:\n        os._exit(0)\n    return x + 1\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun('javascript', 'function f(x) { if (x === 1) process.exit(0); return x + 1; }', tests),
        ),
      ]);
      for (const result of [py, js]) {
        // verdict.ts: a clean exit before the last test is status ok, with the rest "not run".
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, false, false]);
        expect(result.tests[1]?.error).toBe('not run: the program exited before this test');
        expect(result.tests[2]?.error).toBe('not run: the program exited before this test');
      }
    });

    it('expected values never enter the sandbox', async () => {
      const secret = uniqueMarker('expected');
      const python = [
        'import gc, sys',
        '',
        'def f(x):',
        '    needle = "-".join(["ilm", "expected", ""])',
        '    hits = 0',
        '    for obj in gc.get_objects():',
        '        items = list(obj.keys()) + list(obj.values()) if isinstance(obj, dict) else obj if isinstance(obj, (list, tuple)) else ()',
        '        for item in items:',
        '            if isinstance(item, (str, bytes, bytearray)) and needle.encode() in (item.encode("utf-8", "replace") if isinstance(item, str) else bytes(item)):',
        '                hits += 1',
        '    frame = sys._getframe(1)',
        '    while frame is not None:',
        '        if needle in repr(frame.f_locals):',
        '            hits += 1',
        '        frame = frame.f_back',
        '    return hits',
        '',
      ].join('\n');
      const result = await sandbox.run(
        testRun('python', python, [
          testCase('hidden answer', [0], secret, { hidden: true, timeoutMs: 3_000 }),
          testCase('visible answer', [1], { answer: secret }, { timeoutMs: 3_000 }),
        ]),
      );
      expect(result.status, summarize(result)).toBe('ok');
      expect([outputOf(result, 0), outputOf(result, 1)]).toEqual([0, 0]);
      expect(JSON.stringify(result)).not.toContain(secret);
    });
  });

  describe('input', () => {
    it('a 100 MB stdin for an ad-hoc run is bounded: read whole, or echoed up to the output limit', async () => {
      const size = 100 * 1024 * 1024;
      const big = 'a'.repeat(size);
      // Through the public contract it never gets this far: stdin is capped at 1 MB.
      expect(RunRequestSchema.safeParse(adhocRun('python', 'print(1)\n', big)).success).toBe(false);
      const [read, echoed, ignored] = await Promise.all([
        timedRun(adhocRun('python', 'import sys\nprint(len(sys.stdin.buffer.read()))\n', big)),
        timedRun(adhocRun('javascript', "process.stdout.write(require('node:fs').readFileSync(0));", big)),
        timedRun(adhocRun('python', 'print("not reading")\n', big)),
      ]);
      expect(read.result.status, summarize(read.result)).toBe('ok');
      expect(read.result.stdout).toBe(`${size}\n`);
      expect(echoed.result.status, summarize(echoed.result)).toBe('output_limit');
      expect(echoed.result.stdout.length).toBeLessThanOrEqual(64 * 1024);
      expect(ignored.result.status, summarize(ignored.result)).toBe('ok');
      expect(ignored.result.stdout).toBe('not reading\n');
      // Bounded by the 5-s wall limit plus moving 100 MB through a pipe; two slots for three runs on
      // a shared 2-core machine measured 4.8–6.1 s. A run that hung would take 20 s (the hard maximum).
      for (const { ms } of [read, echoed, ignored]) expect(ms).toBeLessThan(8_000);
    });

    it('a 100 MB argument reaches the function and the run stays bounded (Python)', async () => {
      const size = 100 * 1024 * 1024;
      const result = await sandbox.run(
        testRun('python', 'def f(s):\n    return len(s)\n', [
          testCase('huge argument', ['b'.repeat(size)], size, { timeoutMs: 3_000 }),
        ]),
      );
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.tests[0]?.passed).toBe(true);
    });
  });
});

/** Asserts the run shows neither the canary nor any value of this test process's environment. */
function expectNoHostEnvironment(result: RunResult): void {
  const text = JSON.stringify(result);
  expect(text.includes(canary), 'the environment canary leaked into the sandbox').toBe(false);
  const sandboxValues = ['/usr/bin', '/tmp', '/sandbox', 'C.UTF-8'];
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || value.length < 8 || sandboxValues.some((allowed) => allowed.includes(value)))
      continue;
    expect(text.includes(JSON.stringify(value).slice(1, -1)), `the value of $${name} leaked`).toBe(false);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freeBytes(directory: string): number {
  const stats = statfsSync(directory);
  return stats.bavail * stats.bsize;
}
