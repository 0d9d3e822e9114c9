/**
 * Sandbox conformance: Python test runs of an interview session are forked from that session's
 * zygote (one warm interpreter in a sandbox of its own). They must share nothing a run could use:
 * not files, processes, patched modules or limits hit by an earlier run; sessions never share a
 * sandbox; and a run can neither stop nor read the zygote.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/modules/sandbox/sandbox.service.ts';
import {
  createSuiteSandbox,
  expectNoLeftovers,
  outputOf,
  plusOneCases,
  summarize,
  testCase,
  testRun,
  uniqueMarker,
} from './support.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSuiteSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

/** A program whose `f()` returns what the run sees of its sandbox. */
const observe = (extra: string[] = []) =>
  [
    'import os, sys, builtins',
    '',
    'def f():',
    '    others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]',
    '    return {',
    '        "sandbox": os.readlink("/proc/self/ns/pid"),',
    '        "parent": os.getppid(),',
    '        "tmp": sorted(os.listdir("/tmp")),',
    '        "shm": sorted(os.listdir("/dev/shm")),',
    '        "others": others,',
    '        "lenPatched": builtins.len([]) != 0,',
    '        "env": os.environ.get("LEFT_BEHIND"),',
    '        "module": "left_behind" in sys.modules,',
    '        "sharedMemory": len(open("/proc/sysvipc/shm").read().splitlines()) - 1,',
    ...extra,
    '    }',
    '',
  ].join('\n');

const observation = testCase('observe', [], null);
type Observation = {
  sandbox: string;
  parent: number;
  tmp: string[];
  shm: string[];
  others: string[];
  lenPatched: boolean;
  env: string | null;
  module: boolean;
  sharedMemory: number;
};
const observed = (result: Parameters<typeof outputOf>[0]) => outputOf(result) as Observation;

describe('sandbox conformance: session zygotes', () => {
  it('runs of one session share a sandbox but nothing an earlier run left: files, processes, patches, IPC', async () => {
    const sessionId = randomUUID();
    const marker = uniqueMarker('zygote-leftover');
    const polluter = [
      'import builtins, ctypes, os, subprocess, sys, types',
      '',
      'def f(x):',
      '    with open("/tmp/left-behind.txt", "w") as handle:',
      '        handle.write("secret")',
      '    os.makedirs("/tmp/dir/sub", exist_ok=True)',
      '    os.makedirs("/tmp/locked/inner", exist_ok=True)',
      '    os.chmod("/tmp/locked", 0)',
      '    if ctypes.CDLL(None).shmget(0, 65536, 0o1600) < 0:',
      '        raise OSError("shmget failed")',
      '    os.symlink("/sandbox", "/tmp/link")',
      '    with open("/dev/shm/segment", "w") as handle:',
      '        handle.write("x")',
      `    subprocess.Popen(["/bin/sh", "-c", "exec -a ${marker} sleep 600"], start_new_session=True)`,
      '    os.environ["LEFT_BEHIND"] = "yes"',
      '    sys.modules["left_behind"] = types.ModuleType("left_behind")',
      '    builtins.len = lambda value: 42',
      '    return x + 1',
      '',
    ].join('\n');
    const first = await sandbox.run(testRun('python', polluter, plusOneCases(1, 2_000), { sessionId }));
    expect(first.status, summarize(first)).toBe('ok');

    const second = await sandbox.run(testRun('python', observe(), [observation], { sessionId }));
    expect(second.status, summarize(second)).toBe('ok');
    const seen = observed(second);
    expect(seen).toMatchObject({
      parent: 1,
      tmp: ['program'], // its own program, written there by the harness
      shm: [],
      others: [],
      lenPatched: false,
      env: null,
      module: false,
      sharedMemory: 0,
    });
    await expectNoLeftovers(marker);

    // The same sandbox served both: a third run sees the same pid namespace.
    const third = await sandbox.run(testRun('python', observe(), [observation], { sessionId }));
    expect(observed(third).sandbox).toBe(seen.sandbox);
    expect(sandbox.load().sessionSandboxes).toBe(1);
  });

  it('sessions never share a sandbox, even running at the same time', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const writer = [
      'import os, time',
      '',
      'def f():',
      '    with open("/tmp/only-mine.txt", "w") as handle:',
      '        handle.write("a")',
      '    time.sleep(0.8)',
      '    return os.readlink("/proc/self/ns/pid")',
      '',
    ].join('\n');
    const [first, second] = await Promise.all([
      sandbox.run(testRun('python', writer, [testCase('write', [], null)], { sessionId: a })),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return sandbox.run(testRun('python', observe(), [observation], { sessionId: b }));
      })(),
    ]);
    expect(first.status, summarize(first)).toBe('ok');
    expect(second.status, summarize(second)).toBe('ok');
    const seen = observed(second);
    expect(seen.tmp).toEqual(['program']);
    expect(seen.others).toEqual([]);
    expect(seen.sandbox).not.toBe(outputOf(first));
  });

  it('a run can neither stop nor read its zygote', async () => {
    const sessionId = randomUUID();
    const attacker = [
      'import os, signal',
      '',
      'def f():',
      '    denied = []',
      '    for path in ("/proc/1/mem", "/proc/1/environ", "/proc/1/fd/0"):',
      '        try:',
      '            open(path, "rb").read(1)',
      '        except OSError:',
      '            denied.append(path)',
      '    try:',
      '        os.listdir("/proc/1/fd")',
      '    except OSError:',
      '        denied.append("/proc/1/fd")',
      '    for target in (os.getppid(), 1, -1):',
      '        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):',
      '            try:',
      '                os.kill(target, sig)',
      '            except OSError:',
      '                pass',
      '    return [os.readlink("/proc/self/ns/pid"), denied]',
      '',
    ].join('\n');
    const attack = await sandbox.run(
      testRun('python', attacker, [testCase('attack', [], null)], { sessionId }),
    );
    expect(attack.status, summarize(attack)).toBe('ok');
    const [namespace, denied] = outputOf(attack) as [string, string[]];
    expect(denied).toEqual(['/proc/1/mem', '/proc/1/environ', '/proc/1/fd/0', '/proc/1/fd']);
    const after = await sandbox.run(testRun('python', observe(), [observation], { sessionId }));
    expect(after.status, summarize(after)).toBe('ok');
    expect(observed(after).sandbox).toBe(namespace);
  });

  it('a run that hit the memory, output or time limit leaves the next run of its session unaffected', async () => {
    const sessionId = randomUUID();
    const runInSession = (source: string, tests: ReturnType<typeof plusOneCases>) =>
      sandbox.run(testRun('python', source, tests, { sessionId }));
    const next = async () => {
      const result = await runInSession('def f(x):\n    return x + 1\n', plusOneCases(2, 2_000));
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.passed).toBe(2);
    };
    const memory = await runInSession(
      'def f(x):\n    hoard = []\n    while True:\n        hoard.append([x] * 100000)\n',
      plusOneCases(1, 5_000),
    );
    expect(memory.status, summarize(memory)).toBe('memory_limit');
    await next();
    const output = await runInSession(
      'import os\n\ndef f(x):\n    os.write(1, b"y" * 200000)\n    return x\n',
      plusOneCases(1, 2_000),
    );
    expect(output.status, summarize(output)).toBe('output_limit');
    await next();
    // A blocked alarm keeps the per-test timer from firing: the run's own limits must end it.
    const stuck = await runInSession(
      'import signal\n\ndef f(x):\n    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n    while True:\n        pass\n',
      plusOneCases(1, 500),
    );
    expect(['timeout', 'runtime_error'], summarize(stuck)).toContain(stuck.status);
    expect(stuck.passed).toBe(0);
    await next();
  }, 60_000);
});
