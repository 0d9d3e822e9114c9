/**
 * The session shell on the real bubblewrap driver: the candidate's terminal (a pseudo-terminal
 * through node-pty) and the assistant's one-shot commands. Each test checks what a candidate, an
 * assistant or an operator would notice: output, files, isolation, timeouts, and that nothing is
 * left running on the host afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox, type SandboxEnvironment } from '../../src/modules/sandbox/probe.driver.ts';
import {
  createSessionShell,
  type SessionShell,
  type TerminalExit,
  type TerminalHandle,
} from '../../src/modules/sandbox/session-shell.service.ts';
import { AppError } from '../../src/platform/errors.ts';
import { testLogger } from '../support/logger.ts';
import { hostProcesses, sleep } from './support.ts';

/** Uids of this file's shells: outside the conformance suite's range (61000-61063), so neither sees the other's. */
const UID_BASE = 64_000;
const UID_COUNT = 12;
const inOurRange = (uid: number) => uid >= UID_BASE && uid < UID_BASE + UID_COUNT + 2;

const files = [
  { path: 'main.py', content: 'print("hello from main")\n' },
  { path: 'pkg/data.txt', content: 'nested file\n' },
];

/** Secrets planted in this process's environment; the shell must never show them. */
const canaries = {
  ILM_CANARY_SECRET: `canary-${randomBytes(8).toString('hex')}`,
  DATABASE_URL: `postgres://canary-${randomBytes(8).toString('hex')}@db/ilm`,
  SESSION_SECRET: `session-canary-${randomBytes(8).toString('hex')}`,
};
const previousEnv = Object.fromEntries(Object.keys(canaries).map((key) => [key, process.env[key]]));

let environment: SandboxEnvironment;
let shell: SessionShell;

beforeAll(async () => {
  Object.assign(process.env, canaries);
  environment = await probeSandbox({
    unsafeDev: false,
    python: '/usr/bin/python3',
    node: process.execPath,
    uidBase: UID_BASE + UID_COUNT,
  });
  // Never skip: a shell suite that silently ran without isolation would prove nothing.
  if (environment.driver !== 'bwrap-userns' && environment.driver !== 'bwrap-root') {
    throw new Error(
      `the session shell suite needs bubblewrap; the probe found: ${environment.notes.join('; ')}`,
    );
  }
  shell = createSessionShell({
    environment,
    settings: { uidBase: UID_BASE, maxTerminals: 8, maxCommands: 4 },
    logger: testLogger,
  });
});

afterAll(async () => {
  await shell?.close();
  for (const [key, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Polls `probe` until it returns something, or fails with `what` and `context()`. */
async function waitFor<T>(
  probe: () => T | null | undefined | false,
  what: string,
  context: () => string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${context()}`);
    await sleep(20);
  }
}

/** A terminal with its output collected and a way to run one command line and read its result. */
function attach(handle: TerminalHandle) {
  let output = '';
  let counter = 0;
  let exitInfo: TerminalExit | undefined;
  handle.onData((chunk) => {
    output += chunk;
  });
  handle.onExit((info) => {
    exitInfo = info;
  });
  return {
    handle,
    output: () => output,
    exited: () => exitInfo,
    waitForExit: (timeoutMs = 10_000) =>
      waitFor(
        () => exitInfo,
        'the terminal to exit',
        () => output,
        timeoutMs,
      ),
    /** Types `command` and Enter; resolves with the output up to its exit status. */
    async run(command: string): Promise<{ text: string; status: number }> {
      counter += 1;
      const from = output.length;
      // The quotes keep the typed (echoed) line from matching the marker the shell prints.
      handle.write(`${command}; echo "@@DO""NE-${counter}@@ $?"\r`);
      const pattern = new RegExp(`@@DONE-${counter}@@ (\\d+)`);
      const match = await waitFor(
        () => pattern.exec(output.slice(from)),
        `the end of ${JSON.stringify(command)}`,
        () => output.slice(from),
      );
      return { text: output.slice(from, from + match.index), status: Number(match[1]) };
    },
  };
}

/** The lines of terminal output as a person reads them: no escape sequences, no carriage returns. */
const screenLines = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r/g, '')
    .split('\n');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Live (non-zombie) host processes running as one of the main shell's command uids. */
const liveCommandProcesses = () =>
  hostProcesses().filter(
    (entry) => entry.uid >= UID_BASE + 8 && entry.uid < UID_BASE + UID_COUNT && !entry.stat.startsWith('Z'),
  );

describe('terminal', () => {
  it('runs commands on a writable copy of the workspace, with Python and Node', async () => {
    const term = attach(await shell.openTerminal({ files }));
    try {
      const arithmetic = await term.run('echo $((6*7))');
      expect(screenLines(arithmetic.text)).toContain('42');

      const where = await term.run('pwd; cat main.py pkg/data.txt');
      expect(where.text).toContain('/tmp/workspace');
      expect(where.text).toContain('print("hello from main")');
      expect(where.text).toContain('nested file');

      const edit = await term.run('echo changed > main.py && cat main.py');
      expect(edit.status).toBe(0);
      expect(screenLines(edit.text)).toContain('changed');

      const runtimes = await term.run('python3 -c "print(6*7+1)" && node -e "console.log(40+4)"');
      expect(runtimes.status).toBe(0);
      expect(screenLines(runtimes.text)).toEqual(expect.arrayContaining(['43', '44']));
    } finally {
      term.handle.close();
    }
  });

  it('cannot write outside its copy, reach the network, or see the host', async () => {
    const term = attach(await shell.openTerminal({ files }));
    const hostFile = `/usr/ilm-shell-escape-${randomBytes(4).toString('hex')}`;
    try {
      for (const attempt of [`touch ${hostFile}`, 'echo x > /escape', 'echo x > /sandbox/files/main.py']) {
        const result = await term.run(attempt);
        expect(result.status, attempt).not.toBe(0);
        expect(result.text).toContain('Read-only file system');
      }
      expect(existsSync(hostFile)).toBe(false);

      const network = await term.run(
        `python3 -c "import socket
try:
    socket.create_connection(('127.0.0.1', 6379), timeout=2); print('NET-' + 'OPEN')
except OSError as error:
    print('NET-' + 'BLOCKED', error)
print('IFACES', [name for _, name in socket.if_nameindex()])"`,
      );
      expect(network.text).toContain('NET-BLOCKED');
      expect(network.text).not.toContain('NET-OPEN');
      expect(network.text).toContain("IFACES ['lo']");

      // A private pid namespace: a handful of processes, not the host's hundreds.
      const processes = await term.run('ls /proc | grep -c "^[0-9]"');
      const count = Number(screenLines(processes.text).find((line) => /^\d+$/.test(line)));
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(15);
    } finally {
      term.handle.close();
    }
  });

  it('shows no host environment variable, in the shell or in /proc/1/environ', async () => {
    const term = attach(await shell.openTerminal({ files }));
    try {
      const env = await term.run('env; tr "\\0" "\\n" < /proc/1/environ');
      expect(env.text).toContain('TERM=xterm-256color');
      expect(env.text).toContain('HOME=/tmp');
      for (const [name, secret] of Object.entries(canaries)) {
        expect(env.text).not.toContain(secret);
        expect(env.text).not.toContain(`${name}=`);
      }
    } finally {
      term.handle.close();
    }
  });

  it('Ctrl-C stops the foreground program and the shell lives on; resizing reaches the shell', async () => {
    const term = attach(await shell.openTerminal({ files, cols: 80, rows: 24 }));
    try {
      term.handle.write('sleep 30\r');
      await sleep(300);
      term.handle.write('\u0003');
      const after = await term.run('echo "status-was-$?"');
      expect(after.text).toContain('status-was-130');
      expect(term.exited()).toBeUndefined();

      expect(screenLines((await term.run('stty size')).text)).toContain('24 80');
      term.handle.resize(100, 40);
      // The relay polls the size a few times a second.
      let size: string[] = [];
      for (let attempt = 0; attempt < 20 && !size.includes('40 100'); attempt += 1) {
        await sleep(100);
        size = screenLines((await term.run('stty size')).text);
      }
      expect(size).toContain('40 100');
    } finally {
      term.handle.close();
    }
  });

  it('reports the exit status when the shell exits', async () => {
    const term = attach(await shell.openTerminal({ files }));
    term.handle.write('exit 3\r');
    expect(await term.waitForExit()).toEqual({ exitCode: 3, reason: 'exited' });
  });

  it('ends after the idle timeout, which input postpones', async () => {
    const term = attach(await shell.openTerminal({ files, idleTimeoutMs: 1_000 }));
    // Typing keeps it alive well past the idle timeout.
    for (let i = 0; i < 8; i += 1) {
      term.handle.write(' ');
      await sleep(200);
    }
    expect(term.exited()).toBeUndefined();
    expect(await term.waitForExit(5_000)).toEqual({ exitCode: null, reason: 'idle_timeout' });
  });

  it('ends at the maximum duration even while in use', async () => {
    const term = attach(await shell.openTerminal({ files, maxSessionMs: 800 }));
    const typing = setInterval(() => term.handle.write(' '), 100);
    try {
      expect(await term.waitForExit(5_000)).toEqual({ exitCode: null, reason: 'max_duration' });
    } finally {
      clearInterval(typing);
    }
  });

  it('close() kills every process of the terminal and removes its files', async () => {
    const term = attach(await shell.openTerminal({ files }));
    const { pid } = term.handle;
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    expect(inOurRange(uid)).toBe(true);
    // bwrap's own command line names the host directory it mounts at /sandbox.
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const seed = argv[argv.indexOf('/sandbox') - 1] ?? '';
    expect(seed).toMatch(/ilm-shell-terminal-/);
    expect(existsSync(seed)).toBe(true);

    try {
      // A background job, a daemon that left the shell's session, and a busy foreground program.
      await term.run('sleep 1000 & setsid sleep 1001 < /dev/null > /dev/null 2>&1 & true');
      term.handle.write('sleep 1002\r');
      await waitFor(
        () =>
          hostProcesses().filter((entry) => entry.uid === uid && /sleep 100[012]/.test(entry.args)).length ===
          3,
        'the three sleeps',
        () => term.output(),
      );
    } finally {
      term.handle.close();
    }
    expect(await term.waitForExit()).toEqual({ exitCode: null, reason: 'closed' });
    await waitFor(
      () =>
        !isAlive(pid) && hostProcesses().every((entry) => entry.uid !== uid || entry.stat.startsWith('Z')),
      'every process of the terminal to be gone',
      () => JSON.stringify(hostProcesses().filter((entry) => entry.uid === uid)),
      3_000,
    );
    expect(existsSync(seed)).toBe(false);
    expect(shell.load().terminals).toBe(0);
  });

  it('refuses a terminal beyond its capacity with BUSY, and ignores input after the end', async () => {
    const small = createSessionShell({
      environment,
      settings: { uidBase: UID_BASE + UID_COUNT, maxTerminals: 1, maxCommands: 1 },
      logger: testLogger,
    });
    try {
      const first = attach(await small.openTerminal({ files }));
      await expect(small.openTerminal({ files })).rejects.toMatchObject({ code: 'BUSY' });
      first.handle.close();
      await first.waitForExit();
      first.handle.write('echo too late\r');
      const second = attach(await small.openTerminal({ files }));
      expect(screenLines((await second.run('echo $((1+1))')).text)).toContain('2');
      second.handle.close();
      await second.waitForExit();
    } finally {
      await small.close();
    }
  });
});

describe('without a user namespace (bwrap-root, as in Docker with its default seccomp profile)', () => {
  it('gives the terminal and commands a writable working copy and /tmp', async () => {
    // The probe prefers bwrap-userns; bwrap-root needs root, which this suite runs as (SANDBOX.md).
    expect(environment.asRoot).toBe(true);
    const rootShell = createSessionShell({
      environment: { ...environment, driver: 'bwrap-root' },
      settings: { uidBase: UID_BASE + UID_COUNT, maxTerminals: 1, maxCommands: 1 },
      logger: testLogger,
    });
    try {
      const result = await rootShell.runShellCommand({
        files,
        command: 'id -u; echo edited > main.py && cat main.py && echo scratch > /tmp/s && cat /tmp/s',
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: `${UID_BASE + UID_COUNT + 1}\nedited\nscratch\n` });
      const term = attach(await rootShell.openTerminal({ files }));
      try {
        expect(screenLines((await term.run('cat pkg/data.txt; echo $((6*7))')).text)).toEqual(
          expect.arrayContaining(['nested file', '42']),
        );
      } finally {
        term.handle.close();
      }
      await term.waitForExit();
    } finally {
      await rootShell.close();
    }
  });
});

describe('runShellCommand', () => {
  it('returns stdout, stderr and the exit status, with stdin', async () => {
    const result = await shell.runShellCommand({
      files,
      command: 'cat main.py; python3 main.py; tr a-z A-Z; echo oops >&2; exit 7',
      stdin: 'shout\n',
    });
    expect(result).toMatchObject({
      exitCode: 7,
      stdout: 'print("hello from main")\nhello from main\nSHOUT\n',
      stderr: 'oops\n',
      timedOut: false,
      truncated: false,
    });
  });

  it('keeps the start and the end of output past the limit and marks it truncated', async () => {
    const result = await shell.runShellCommand({
      files,
      command: "head -c 300000 /dev/zero | tr '\\0' x; echo; echo THE-END",
      outputLimitBytes: 4096,
    });
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('x'.repeat(2048))).toBe(true);
    expect(result.stdout.endsWith('THE-END\n')).toBe(true);
    expect(result.stdout).toMatch(/bytes omitted/);
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(4096 + 200);
  });

  it('times out', async () => {
    const result = await shell.runShellCommand({ files, command: 'echo started; sleep 20', timeoutMs: 500 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, stdout: 'started\n' });
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('a fork bomb is held to the process limit, ends at its timeout, and leaves nothing behind', async () => {
    const started = Date.now();
    // bash, since `:` is no function name for dash; the first shell stays alive (sleep), so only
    // the timeout can end it.
    const bombRun = shell.runShellCommand({
      files,
      command: "bash -c ':(){ :|:& };: ; sleep 20'",
      timeoutMs: 3_000,
    });
    let peak = 0;
    const sampler = setInterval(() => {
      const perUid = new Map<number, number>();
      for (const entry of liveCommandProcesses()) perUid.set(entry.uid, (perUid.get(entry.uid) ?? 0) + 1);
      peak = Math.max(peak, ...perUid.values());
    }, 100);
    try {
      await sleep(1_000);
      // The machine still answers while the bomb runs: another command completes normally.
      const during = await shell.runShellCommand({ files, command: 'echo alive' });
      expect(during).toMatchObject({ exitCode: 0, stdout: 'alive\n', timedOut: false });
      const bomb = await bombRun;
      expect(bomb).toMatchObject({ timedOut: true, exitCode: null });
      expect(bomb.stderr).toContain('fork: retry: Resource temporarily unavailable');
    } finally {
      clearInterval(sampler);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    // It did fork, and never past the limit (RLIMIT_NPROC of its uid, the cgroup's pids.max).
    expect(peak).toBeGreaterThan(10);
    expect(peak).toBeLessThanOrEqual(128);
    await waitFor(
      () => liveCommandProcesses().length === 0,
      'the fork bomb to be gone',
      () => JSON.stringify(liveCommandProcesses().slice(0, 5)),
      5_000,
    );
    expect(shell.load().commands).toBe(0);
  });

  it('has no network and no host environment', async () => {
    const result = await shell.runShellCommand({
      files,
      command: `env; python3 -c "import socket; socket.create_connection(('127.0.0.1', 6379), timeout=2)"`,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/OSError|ConnectionRefused|unreachable/i);
    for (const secret of Object.values(canaries)) expect(result.stdout).not.toContain(secret);
  });

  it('refuses a file path that leaves the working copy', async () => {
    const attempt = shell.runShellCommand({
      files: [{ path: '../escape.txt', content: 'x' }],
      command: 'true',
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
